using TokenBroker.Core.Model;

namespace TokenBroker.Host.Tests.Saml;

/// <summary>
/// The SAML tests' directory: the test IdP as provider TestIdp (encryption Allowed, one decryption key) and as
/// TestIdpEncrypted (encryption Required, two keys as during a rotation), and roles whose trust policies name them.
/// </summary>
public static class SamlDirectory
{
    public static readonly AccountId Account = AccountId.Parse(SamlResponseTemplate.Account);

    public const string ProviderArn = SamlResponseTemplate.ProviderArn;
    public const string ReaderArn = SamlResponseTemplate.RoleArn;
    public const string AdminArn = "arn:aws:iam::111122223333:role/SamlAdmin";
    public const string NoTagsArn = "arn:aws:iam::111122223333:role/SamlNoTags";
    public const string ShortArn = "arn:aws:iam::111122223333:role/SamlShort";
    public const string UnlistedArn = "arn:aws:iam::111122223333:role/SamlUnlisted";
    public const string EncryptedProviderArn = "arn:aws:iam::111122223333:saml-provider/TestIdpEncrypted";
    public const string EncryptedRoleArn = "arn:aws:iam::111122223333:role/SamlEncrypted";

    public static DirectorySnapshot Snapshot(TestIdp idp) => new(
    [
        new AccountSnapshot(
            Account, [], [], [], [], [],
            [
                Role("SamlReader", Trust("[\"sts:AssumeRoleWithSAML\",\"sts:TagSession\",\"sts:SetSourceIdentity\"]"), 43200),
                Role("SamlAdmin", Trust("[\"sts:AssumeRoleWithSAML\",\"sts:TagSession\"]", "{\"StringEquals\":{\"saml:sub\":\"alice@example.com\"}}"), 43200),
                Role("SamlNoTags", Trust("\"sts:AssumeRoleWithSAML\""), 43200),
                Role("SamlShort", Trust("[\"sts:AssumeRoleWithSAML\",\"sts:TagSession\"]"), 3600),
                Role("SamlUnlisted", Trust("[\"sts:AssumeRoleWithSAML\",\"sts:TagSession\"]"), 3600),
                Role("SamlEncrypted", Trust("[\"sts:AssumeRoleWithSAML\",\"sts:TagSession\"]", provider: EncryptedProviderArn), 3600),
            ],
            [
                idp.Provider,
                idp.Provider with
                {
                    Name = "TestIdpEncrypted",
                    AssertionEncryptionMode = AssertionEncryptionMode.Required,
                    PrivateKeyList = [idp.ServiceProvider.PrivateKey(), idp.NextServiceProvider.PrivateKey()],
                },
            ],
            []),
    ]);

    private static IamRole Role(string name, string trust, int maxSessionDuration) =>
        new(Account, name, "AROA" + name.ToUpperInvariant().PadRight(17, '0')[..17], "/", trust,
            [new InlinePolicy("inline", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":\"*\"}]}")],
            [], maxSessionDuration, null, []);

    private static string Trust(string actions, string? condition = null, string provider = ProviderArn) =>
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"" + provider + "\"},\"Action\":" + actions +
        (condition is null ? "" : ",\"Condition\":" + condition) + "}]}";
}
