using TokenBroker.Core.Model;
using static TokenBroker.Embedded.Tests.SampleDirectory;

namespace TokenBroker.Embedded.Tests;

public sealed class SqliteDirectoryTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ExportAsync_AfterReplace_RoundTripsEveryRecord()
    {
        using var store = await StoreFixture.CreateWithSampleAsync(_folder);

        var exported = await store.Directory.ExportAsync(None);

        Assert.Equal(Text(SampleDirectory.Create()), Text(exported));
    }

    [Fact]
    public async Task ExportAsync_NewStore_IsEmpty()
    {
        using var store = await StoreFixture.CreateAsync(_folder);

        var exported = await store.Directory.ExportAsync(None);

        Assert.Empty(exported.Accounts);
    }

    [Fact]
    public async Task FindAccessKeyAsync_KnownKey_ReturnsDecryptedKey()
    {
        using var store = await StoreFixture.CreateWithSampleAsync(_folder);

        var alice = await store.Directory.FindAccessKeyAsync(AliceKey, None);
        var bob = await store.Directory.FindAccessKeyAsync(BobKey, None);

        Assert.Equal(Text(FirstAccount().AccessKeys[0]), Text(alice));
        Assert.Equal(AliceSecret, alice!.SecretAccessKey);
        Assert.Equal(AccessKeyStatus.Inactive, bob!.Status);
        Assert.Null(bob.LastUsedAt);
    }

    [Fact]
    public async Task FindAsync_EachRecordKind_ReturnsStoredRecord()
    {
        using var store = await StoreFixture.CreateWithSampleAsync(_folder);
        var first = FirstAccount();
        var second = SecondAccount();

        Assert.Equal(Text(first.Users[0]), Text(await store.Directory.FindUserAsync(First, "alice", None)));
        Assert.Equal(Text(first.Groups[0]), Text(await store.Directory.FindGroupAsync(First, "developers", None)));
        Assert.Equal(Text(second.Roles[0]), Text(await store.Directory.FindRoleAsync(Second, "deploy", None)));
        Assert.Equal(Text(first.ManagedPolicies[1]), Text(await store.Directory.FindManagedPolicyAsync("arn:aws:iam::111111111111:policy/limits/Boundary", None)));
        Assert.Equal(Text(first.MfaDevices[0]), Text(await store.Directory.FindMfaDeviceAsync(AliceSerial, None)));
        Assert.True(await store.Directory.AccountExistsAsync(Second, None));
    }

    [Fact]
    public async Task FindAsync_UnknownOrOtherAccount_ReturnsNull()
    {
        using var store = await StoreFixture.CreateWithSampleAsync(_folder);

        Assert.Null(await store.Directory.FindAccessKeyAsync(AccessKeyId.Parse("AKIAUNKNOWN000000001"), None));
        Assert.Null(await store.Directory.FindUserAsync(Second, "alice", None));
        Assert.Null(await store.Directory.FindGroupAsync(Second, "developers", None));
        Assert.Null(await store.Directory.FindRoleAsync(First, "deploy", None));
        Assert.Null(await store.Directory.FindManagedPolicyAsync("arn:aws:iam::111111111111:policy/Boundary", None));
        Assert.Null(await store.Directory.FindMfaDeviceAsync("arn:aws:iam::111111111111:mfa/bob", None));
        Assert.False(await store.Directory.AccountExistsAsync(AccountId.Parse("333333333333"), None));
    }

    [Fact]
    public async Task FindRoleAsync_NameInOtherCase_ReturnsNull()
    {
        using var store = await StoreFixture.CreateWithSampleAsync(_folder);

        Assert.Null(await store.Directory.FindRoleAsync(Second, "DEPLOY", None));
        Assert.Null(await store.Directory.FindUserAsync(First, "Alice", None));
    }

    [Fact]
    public async Task OpenAsync_AfterRestart_StillHasDirectory()
    {
        using (var store = await StoreFixture.CreateWithSampleAsync(_folder))
        {
            await store.Directory.RecordAccessKeyUseAsync(BobKey, Created.AddHours(5), None);
        }

        using var reopened = await StoreFixture.OpenAsync(_folder);

        var exported = await reopened.Directory.ExportAsync(None);
        var bob = await reopened.Directory.FindAccessKeyAsync(BobKey, None);
        Assert.Equal(2, exported.Accounts.Count);
        Assert.Equal(Text(FirstAccount()), Text(exported.Accounts[0]));
        Assert.Equal(Created.AddHours(5), bob!.LastUsedAt);
    }

    [Fact]
    public async Task ReplaceAsync_ByAnotherProcess_SeenWithoutReopening()
    {
        using var broker = await StoreFixture.CreateWithSampleAsync(_folder);
        using var cli = await StoreFixture.OpenAsync(_folder);
        Assert.NotNull(await broker.Directory.FindUserAsync(Second, "bob", None));

        await cli.Directory.ReplaceAsync(new DirectorySnapshot([FirstAccount()]), None);

        Assert.Null(await broker.Directory.FindUserAsync(Second, "bob", None));
        Assert.Null(await broker.Directory.FindAccessKeyAsync(BobKey, None));
    }

    [Fact]
    public async Task ReplaceAsync_ConstraintViolatedLateInWrite_KeepsPreviousDirectory()
    {
        using var store = await StoreFixture.CreateWithSampleAsync(_folder);
        var before = Text(await store.Directory.ExportAsync(None));

        // The last record written (an MFA device of the second account) reuses the first account's serial number.
        var second = SecondAccount() with { MfaDevices = [new MfaDevice(AliceSerial, Second, "bob", AliceSeed)] };
        var bad = new DirectorySnapshot([FirstAccount(), second]);

        await Assert.ThrowsAnyAsync<Microsoft.Data.Sqlite.SqliteException>(() => store.Directory.ReplaceAsync(bad, None));

        Assert.Equal(before, Text(await store.Directory.ExportAsync(None)));
    }

    [Fact]
    public async Task ReplaceAsync_AccessKeyOfMissingUser_KeepsPreviousDirectory()
    {
        using var store = await StoreFixture.CreateWithSampleAsync(_folder);
        var before = Text(await store.Directory.ExportAsync(None));
        var orphan = new AccessKey(AccessKeyId.Parse("AKIAORPHAN0000000001"), Second, "nobody", BobSecret, AccessKeyStatus.Active, Created, null);
        var second = SecondAccount() with { AccessKeys = [.. SecondAccount().AccessKeys, orphan] };

        await Assert.ThrowsAnyAsync<Microsoft.Data.Sqlite.SqliteException>(
            () => store.Directory.ReplaceAsync(new DirectorySnapshot([FirstAccount(), second]), None));

        Assert.Equal(before, Text(await store.Directory.ExportAsync(None)));
    }

    [Fact]
    public async Task ReplaceAsync_ThirdAccessKeyForUser_Rejected()
    {
        using var store = await StoreFixture.CreateAsync(_folder);
        AccessKey Key(string id) => new(AccessKeyId.Parse(id), Second, "bob", BobSecret, AccessKeyStatus.Active, Created, null);
        var second = SecondAccount() with { AccessKeys = [Key("AKIAKEY0000000000001"), Key("AKIAKEY0000000000002"), Key("AKIAKEY0000000000003")] };

        await Assert.ThrowsAnyAsync<Microsoft.Data.Sqlite.SqliteException>(
            () => store.Directory.ReplaceAsync(new DirectorySnapshot([second]), None));

        Assert.Empty((await store.Directory.ExportAsync(None)).Accounts);
    }

    [Fact]
    public async Task ReplaceAsync_RecordNamesAnotherAccount_RejectedBeforeWriting()
    {
        using var store = await StoreFixture.CreateWithSampleAsync(_folder);
        var mislabeled = SecondAccount() with { Users = [FirstAccount().Users[0]] };

        await Assert.ThrowsAsync<ArgumentException>(() => store.Directory.ReplaceAsync(new DirectorySnapshot([mislabeled]), None));

        Assert.Equal(2, (await store.Directory.ExportAsync(None)).Accounts.Count);
    }

    [Fact]
    public async Task RecordAccessKeyUseAsync_OlderTime_DoesNotMoveLastUsedBack()
    {
        using var store = await StoreFixture.CreateWithSampleAsync(_folder);

        await store.Directory.RecordAccessKeyUseAsync(AliceKey, Created.AddDays(3), None);
        await store.Directory.RecordAccessKeyUseAsync(AliceKey, Created.AddDays(2), None);

        Assert.Equal(Created.AddDays(3), (await store.Directory.FindAccessKeyAsync(AliceKey, None))!.LastUsedAt);
    }
}
