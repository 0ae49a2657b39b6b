using TokenBroker.Core.Model;

namespace TokenBroker.Host.Tests.EndToEnd;

/// <summary>The directory every end-to-end test starts from: two accounts, active and inactive keys, an MFA device.</summary>
public static class TestDirectory
{
    public static readonly AccountId AccountA = AccountId.Parse("111111111111");
    public static readonly AccountId AccountB = AccountId.Parse("222222222222");

    public static readonly AccessKey AliceKey = new(Identifiers.NewLongTermAccessKeyId(AccountA), AccountA, "alice",
        "alice-secret-0000000000000000000000000000", AccessKeyStatus.Active, DateTimeOffset.UnixEpoch);

    public static readonly AccessKey BobInactiveKey = new(Identifiers.NewLongTermAccessKeyId(AccountA), AccountA, "bob",
        "bob-secret-00000000000000000000000000000000", AccessKeyStatus.Inactive, DateTimeOffset.UnixEpoch);

    public static readonly AccessKey CarolKey = new(Identifiers.NewLongTermAccessKeyId(AccountB), AccountB, "carol",
        "carol-secret-000000000000000000000000000000", AccessKeyStatus.Active, DateTimeOffset.UnixEpoch);

    public const string AliceMfaSerial = "arn:aws:iam::111111111111:mfa/alice";
    public const string CarolMfaSerial = "arn:aws:iam::222222222222:mfa/carol";

    /// <summary>RFC 6238 test seed ("12345678901234567890").</summary>
    public static readonly byte[] AliceMfaSeed = "12345678901234567890"u8.ToArray();

    public static readonly byte[] CarolMfaSeed = "abcdefghijabcdefghij"u8.ToArray();

    public static readonly AccessKey DaveKey = new(Identifiers.NewLongTermAccessKeyId(AccountA), AccountA, "dave",
        "dave-secret-00000000000000000000000000000000", AccessKeyStatus.Active, DateTimeOffset.UnixEpoch);

    public static readonly AccessKey ErinKey = new(Identifiers.NewLongTermAccessKeyId(AccountB), AccountB, "erin",
        "erin-secret-00000000000000000000000000000000", AccessKeyStatus.Active, DateTimeOffset.UnixEpoch);

    public const string ReadOnlyArn = "arn:aws:iam::111111111111:policy/S3ReadOnly";

    public static readonly IamUser Alice = User(AccountA, "alice", "AIDAALICE000000000001",
        Allow("sts:AssumeRole", "arn:aws:iam::111111111111:role/*"), Allow("sts:TagSession", "*"), Allow("sts:SetSourceIdentity", "*"),
        Allow("sts:GetFederationToken", "*"), Allow("s3:Get*", "*"));

    public static DirectorySnapshot Snapshot() => new(
    [
        new AccountSnapshot(
            AccountA,
            [Alice, User(AccountA, "bob", "AIDABOB00000000000001"), User(AccountA, "dave", "AIDADAVE0000000000001")],
            [AliceKey, BobInactiveKey, DaveKey],
            [new MfaDevice(AliceMfaSerial, AccountA, "alice", AliceMfaSeed)],
            [],
            [new ManagedPolicy(AccountA, "S3ReadOnly", "ANPAREADONLY000000001", "/", Document(Statement("Allow", "s3:Get*", "*")))],
            [
                Role("demo", Trust("{\"AWS\":\"arn:aws:iam::111111111111:root\"}", "[\"sts:AssumeRole\",\"sts:TagSession\",\"sts:SetSourceIdentity\"]"),
                    maxSessionDuration: 7200, Allow("s3:*", "*"), Allow("sts:AssumeRole", "*"), Allow("sts:TagSession", "*"), Allow("sts:SetSourceIdentity", "*")),
                Role("dave-only", Trust("{\"AWS\":\"arn:aws:iam::111111111111:user/dave\"}", "\"sts:AssumeRole\"")),
                Role("root-trust", Trust("{\"AWS\":\"arn:aws:iam::111111111111:root\"}", "\"sts:AssumeRole\"")),
                Role("mfa-required", Trust("{\"AWS\":\"arn:aws:iam::111111111111:root\"}", "\"sts:AssumeRole\"",
                    "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}")),
                Role("cross-account", Trust("{\"AWS\":\"arn:aws:iam::222222222222:root\"}", "\"sts:AssumeRole\"",
                    "{\"StringEquals\":{\"sts:ExternalId\":\"ext-123\"}}")),
                Role("short-sessions", Trust("{\"AWS\":\"arn:aws:iam::111111111111:root\"}", "\"sts:AssumeRole\"",
                    "{\"NumericLessThanEquals\":{\"sts:DurationSeconds\":\"1800\"}}")),
                Role("no-tags", Trust("{\"AWS\":\"arn:aws:iam::111111111111:root\"}", "\"sts:AssumeRole\"")),
                Role("chain-2", Trust("{\"AWS\":\"arn:aws:iam::111111111111:role/demo\"}", "[\"sts:AssumeRole\",\"sts:TagSession\",\"sts:SetSourceIdentity\"]"),
                    maxSessionDuration: 3600, Allow("sts:AssumeRole", "*"), Allow("sts:TagSession", "*"), Allow("sts:SetSourceIdentity", "*")),
                Role("chain-3", Trust("{\"AWS\":\"arn:aws:iam::111111111111:role/chain-2\"}", "[\"sts:AssumeRole\",\"sts:TagSession\",\"sts:SetSourceIdentity\"]")),
            ],
            [],
            []),
        new AccountSnapshot(
            AccountB,
            [
                User(AccountB, "carol", "AIDACAROL000000000001", Allow("sts:AssumeRole", "arn:aws:iam::111111111111:role/cross-account")),
                User(AccountB, "erin", "AIDAERIN0000000000001"),
            ],
            [CarolKey, ErinKey],
            [new MfaDevice(CarolMfaSerial, AccountB, "carol", CarolMfaSeed)],
            [],
            [],
            [],
            [],
            []),
    ]);

    private static IamUser User(AccountId account, string name, string id, params string[] statements) =>
        new(account, name, id, "/", statements.Length == 0 ? [] : [new InlinePolicy("inline", Document(statements))], [], [], null, []);

    private static IamRole Role(string name, string trust, int maxSessionDuration = 3600, params string[] statements) =>
        new(AccountA, name, "AROA" + name.ToUpperInvariant().Replace("-", "", StringComparison.Ordinal).PadRight(17, '0')[..17], "/", trust,
            statements.Length == 0 ? [] : [new InlinePolicy("inline", Document(statements))], [], maxSessionDuration, null, []);

    private static string Trust(string principal, string actions, string? condition = null) =>
        Document($"{{\"Effect\":\"Allow\",\"Principal\":{principal},\"Action\":{actions}{(condition is null ? "" : ",\"Condition\":" + condition)}}}");

    private static string Allow(string action, string resource) => Statement("Allow", action, resource);

    private static string Statement(string effect, string action, string resource) =>
        $"{{\"Effect\":\"{effect}\",\"Action\":\"{action}\",\"Resource\":\"{resource}\"}}";

    private static string Document(params string[] statements) =>
        "{\"Version\":\"2012-10-17\",\"Statement\":[" + string.Join(',', statements) + "]}";
}
