using TokenBroker.Core.Model;

namespace TokenBroker.Host.Tests.Saml;

/// <summary>The SAML tests' directory: the test IdP as provider TestIdp and roles whose trust policies name it.</summary>
public static class SamlDirectory
{
    public static readonly AccountId Account = AccountId.Parse(SamlResponseTemplate.Account);

    public const string ProviderArn = SamlResponseTemplate.ProviderArn;
    public const string ReaderArn = SamlResponseTemplate.RoleArn;
    public const string AdminArn = "arn:aws:iam::111122223333:role/SamlAdmin";
    public const string NoTagsArn = "arn:aws:iam::111122223333:role/SamlNoTags";
    public const string ShortArn = "arn:aws:iam::111122223333:role/SamlShort";
    public const string UnlistedArn = "arn:aws:iam::111122223333:role/SamlUnlisted";

    public static DirectorySnapshot Snapshot(SamlProvider provider) => new(
    [
        new AccountSnapshot(
            Account, [], [], [], [], [],
            [
                Role("SamlReader", Trust("[\"sts:AssumeRoleWithSAML\",\"sts:TagSession\",\"sts:SetSourceIdentity\"]"), 43200),
                Role("SamlAdmin", Trust("[\"sts:AssumeRoleWithSAML\",\"sts:TagSession\"]", "{\"StringEquals\":{\"saml:sub\":\"alice@example.com\"}}"), 43200),
                Role("SamlNoTags", Trust("\"sts:AssumeRoleWithSAML\""), 43200),
                Role("SamlShort", Trust("[\"sts:AssumeRoleWithSAML\",\"sts:TagSession\"]"), 3600),
                Role("SamlUnlisted", Trust("[\"sts:AssumeRoleWithSAML\",\"sts:TagSession\"]"), 3600),
            ],
            [provider],
            []),
    ]);

    private static IamRole Role(string name, string trust, int maxSessionDuration) =>
        new(Account, name, "AROA" + name.ToUpperInvariant().PadRight(17, '0')[..17], "/", trust,
            [new InlinePolicy("inline", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":\"*\"}]}")],
            [], maxSessionDuration, null, []);

    private static string Trust(string actions, string? condition = null) =>
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"" + ProviderArn + "\"},\"Action\":" + actions +
        (condition is null ? "" : ",\"Condition\":" + condition) + "}]}";
}
