using TokenBroker.Core.Model;

namespace TokenBroker.Host.Tests.EndToEnd;

/// <summary>The directory every end-to-end test starts from: two accounts, active and inactive keys, an MFA device.</summary>
public static class TestDirectory
{
    public static readonly AccountId AccountA = AccountId.Parse("111111111111");
    public static readonly AccountId AccountB = AccountId.Parse("222222222222");

    public static readonly AccessKey AliceKey = new(Identifiers.NewLongTermAccessKeyId(AccountA), AccountA, "alice",
        "alice-secret-0000000000000000000000000000", AccessKeyStatus.Active, DateTimeOffset.UnixEpoch, null);

    public static readonly AccessKey BobInactiveKey = new(Identifiers.NewLongTermAccessKeyId(AccountA), AccountA, "bob",
        "bob-secret-00000000000000000000000000000000", AccessKeyStatus.Inactive, DateTimeOffset.UnixEpoch, null);

    public static readonly AccessKey CarolKey = new(Identifiers.NewLongTermAccessKeyId(AccountB), AccountB, "carol",
        "carol-secret-000000000000000000000000000000", AccessKeyStatus.Active, DateTimeOffset.UnixEpoch, null);

    public const string AliceMfaSerial = "arn:aws:iam::111111111111:mfa/alice";
    public const string CarolMfaSerial = "arn:aws:iam::222222222222:mfa/carol";

    /// <summary>RFC 6238 test seed ("12345678901234567890").</summary>
    public static readonly byte[] AliceMfaSeed = "12345678901234567890"u8.ToArray();

    public static readonly byte[] CarolMfaSeed = "abcdefghijabcdefghij"u8.ToArray();

    public static readonly IamUser Alice = User(AccountA, "alice", "AIDAALICE000000000001");

    public static DirectorySnapshot Snapshot() => new(
    [
        new AccountSnapshot(
            AccountA,
            [Alice, User(AccountA, "bob", "AIDABOB00000000000001")],
            [AliceKey, BobInactiveKey],
            [new MfaDevice(AliceMfaSerial, AccountA, "alice", AliceMfaSeed)],
            [],
            [],
            []),
        new AccountSnapshot(
            AccountB,
            [User(AccountB, "carol", "AIDACAROL000000000001")],
            [CarolKey],
            [new MfaDevice(CarolMfaSerial, AccountB, "carol", CarolMfaSeed)],
            [],
            [],
            []),
    ]);

    private static IamUser User(AccountId account, string name, string id) =>
        new(account, name, id, "/", [], [], [], null, []);
}
