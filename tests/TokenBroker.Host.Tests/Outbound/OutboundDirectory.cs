using TokenBroker.Core.Model;

namespace TokenBroker.Host.Tests.Outbound;

/// <summary>Accounts for GetWebIdentityToken: one with outbound federation on, one with it off.</summary>
public static class OutboundDirectory
{
    public static readonly AccountId Enabled = AccountId.Parse("333333333333");
    public static readonly AccountId Disabled = AccountId.Parse("444444444444");

    public const string Audience = "https://api.example.com";

    public static readonly AccessKey IssuerKey = Key(Enabled, "issuer");
    public static readonly AccessKey LimitedKey = Key(Enabled, "limited");
    public static readonly AccessKey NobodyKey = Key(Enabled, "nobody");
    public static readonly AccessKey DenyTagsKey = Key(Enabled, "deny-tags");
    public static readonly AccessKey OutsiderKey = Key(Disabled, "outsider");

    public const string WorkerRoleArn = "arn:aws:iam::333333333333:role/worker";

    public static DirectorySnapshot Snapshot() => new(
    [
        new AccountSnapshot(
            Enabled,
            [
                User(Enabled, "issuer", [new Tag("team", "platform")],
                    Allow("sts:GetWebIdentityToken"), Allow("sts:TagGetWebIdentityToken"), Allow("sts:AssumeRole"), Allow("sts:TagSession"),
                    Allow("sts:GetFederationToken")),
                User(Enabled, "limited", [],
                    Allow("sts:GetWebIdentityToken",
                        "{\"ForAllValues:StringEquals\":{\"sts:IdentityTokenAudience\":\"" + Audience + "\"}," +
                        "\"NumericLessThanEquals\":{\"sts:DurationSeconds\":\"300\"},\"StringEquals\":{\"sts:SigningAlgorithm\":\"ES384\"}}")),
                User(Enabled, "nobody", []),
                User(Enabled, "deny-tags", [], Allow("sts:GetWebIdentityToken"), Allow("sts:TagGetWebIdentityToken"),
                    "{\"Effect\":\"Deny\",\"Action\":\"sts:TagGetWebIdentityToken\",\"Resource\":\"*\",\"Condition\":{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":\"admin\"}}}"),
            ],
            [IssuerKey, LimitedKey, NobodyKey, DenyTagsKey],
            [],
            [],
            [],
            [
                new IamRole(Enabled, "worker", "AROAWORKER00000000001", "/",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::333333333333:root\"},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]}]}",
                    [new InlinePolicy("inline", Document(Allow("sts:GetWebIdentityToken"), Allow("sts:TagGetWebIdentityToken")))], [], 3600, null, [new Tag("env", "prod")]),
            ],
            [],
            [],
            OutboundWebIdentityFederation: true),
        new AccountSnapshot(Disabled, [User(Disabled, "outsider", [], Allow("sts:GetWebIdentityToken"))], [OutsiderKey], [], [], [], [], [], []),
    ]);

    private static AccessKey Key(AccountId account, string user) => new(Identifiers.NewLongTermAccessKeyId(account), account, user,
        (user + "-secret-").PadRight(40, '0'), AccessKeyStatus.Active, DateTimeOffset.UnixEpoch);

    private static IamUser User(AccountId account, string name, IReadOnlyList<Tag> tags, params string[] statements) =>
        new(account, name, "AIDA" + name.ToUpperInvariant().Replace("-", "", StringComparison.Ordinal).PadRight(17, '0')[..17], "/",
            statements.Length == 0 ? [] : [new InlinePolicy("inline", Document(statements))], [], [], null, tags);

    private static string Allow(string action, string? condition = null) =>
        $"{{\"Effect\":\"Allow\",\"Action\":\"{action}\",\"Resource\":\"*\"{(condition is null ? "" : ",\"Condition\":" + condition)}}}";

    private static string Document(params string[] statements) =>
        "{\"Version\":\"2012-10-17\",\"Statement\":[" + string.Join(',', statements) + "]}";
}
