using TokenBroker.Core.Model;
using TokenBroker.Embedded;

namespace TokenBroker.Core.Tests.Model;

/// <summary>Start from a valid directory, break one rule, expect exactly that problem; the SQLite store refuses it whole.</summary>
public sealed class DirectorySnapshotValidatorTests
{
    private static readonly AccountId Account = AccountId.Parse("111111111111");
    private static readonly AccountId Other = AccountId.Parse("222222222222");
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]}""";

    private static IamUser User(string name, string id) => new(Account, name, id, "/", [], [], [], null, []);

    private static AccessKey Key(string id, string user = "alice") =>
        new(AccessKeyId.Parse(id), Account, user, "secret-0000000000000000000000000000000000", AccessKeyStatus.Active, DateTimeOffset.UnixEpoch);

    private static IamRole Role(string name = "demo", string id = "AROADEMO000000000001", int maxSessionDuration = 3600) =>
        new(Account, name, id, "/", Trust, [], [], maxSessionDuration, null, []);

    private static AccountSnapshot Valid() => new(
        Account,
        [User("alice", "AIDAALICE000000000001")],
        [Key("AKIAALICE00000000001")],
        [new MfaDevice("arn:aws:iam::111111111111:mfa/alice", Account, "alice", new byte[20])],
        [],
        [],
        [Role()],
        [],
        []);

    [Fact]
    public void Problems_ValidDirectory_None() => Assert.Empty(DirectorySnapshotValidator.Problems(new DirectorySnapshot([Valid()])));

    public static TheoryData<string, AccountSnapshot[]> Broken() => new()
    {
        { "Account 111111111111 appears twice.", [Valid(), Valid() with { Users = [], AccessKeys = [], MfaDevices = [], Roles = [] }] },
        { "The user name ALICE appears twice.", [Valid() with { Users = [User("alice", "AIDAALICE000000000001"), User("ALICE", "AIDAALICE000000000002")] }] },
        { "The role name Demo appears twice.", [Valid() with { Roles = [Role(), Role("Demo", "AROADEMO000000000002")] }] },
        { "The unique id AROADEMO000000000001 appears twice.", [Valid() with { Roles = [Role(), Role("other")] }] },
        { "Role demo has a MaxSessionDuration out of range.", [Valid() with { Roles = [Role(maxSessionDuration: 43201)] }] },
        { "Access key AKIABOB0000000000001 belongs to a user that does not exist.", [Valid() with { AccessKeys = [Key("AKIAALICE00000000001"), Key("AKIABOB0000000000001", "bob")] }] },
        { "Access key AKIAALICE00000000001 appears twice.", [Valid() with { AccessKeys = [Key("AKIAALICE00000000001"), Key("AKIAALICE00000000001")] }] },
        { "User alice is in 11 groups; a user can be in at most 10.", [Valid() with { Users = [User("alice", "AIDAALICE000000000001") with { Groups = Enumerable.Range(1, 11).Select(i => $"g{i}").ToList() }] }] },
        { "User alice has more than 2 access keys.", [Valid() with { AccessKeys = [Key("AKIAALICE00000000001"), Key("AKIAALICE00000000002"), Key("AKIAALICE00000000003")] }] },
        { "MFA device arn:aws:iam::111111111111:mfa/bob belongs to a user that does not exist.", [Valid() with { MfaDevices = [new MfaDevice("arn:aws:iam::111111111111:mfa/bob", Account, "bob", new byte[20])] }] },
        { "A record in account 111111111111 names another account.", [Valid() with { Roles = [Role() with { Account = Other }] }] },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Problems_OneRuleBroken_ExactlyThatProblem(string expected, AccountSnapshot[] accounts) =>
        Assert.Equal([expected], DirectorySnapshotValidator.Problems(new DirectorySnapshot(accounts)));

    [Fact]
    public async Task SqliteReplace_InvalidSnapshot_RefusedWholeAndPreviousDirectoryKept()
    {
        var folder = Path.Combine(Path.GetTempPath(), "tokenbroker-validator-" + Guid.NewGuid().ToString("N"));
        using (var store = await EmbeddedStore.CreateAsync(folder, CancellationToken.None))
        {
            await store.Directory.ReplaceAsync(new DirectorySnapshot([Valid()]), CancellationToken.None);
            var broken = Valid() with { Users = [User("bob", "AIDABOB0000000000001")] };

            var error = await Assert.ThrowsAsync<ArgumentException>(() => store.Directory.ReplaceAsync(new DirectorySnapshot([broken]), CancellationToken.None));

            Assert.StartsWith("Access key AKIAALICE00000000001 belongs to a user that does not exist.", error.Message, StringComparison.Ordinal);
            var kept = await store.Directory.LoadAsync(CancellationToken.None);
            Assert.Equal("alice", Assert.Single(Assert.Single(kept.Snapshot.Accounts).Users).UserName);
        }

        Directory.Delete(folder, recursive: true);
    }
}
