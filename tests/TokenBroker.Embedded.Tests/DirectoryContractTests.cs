using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using static TokenBroker.Embedded.Tests.SampleDirectory;

namespace TokenBroker.Embedded.Tests;

/// <summary>
/// What every <see cref="IDirectory"/> adapter must do (SQLite here, DynamoDB later): each adapter's test class
/// derives from this one and says how to create, share and restart its store.
/// </summary>
public abstract class DirectoryContractTests : IDisposable
{
    protected static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A new, empty directory.</summary>
    protected abstract Task<IDirectory> CreateDirectoryAsync();

    /// <summary>A second instance over the same data, as a second process (broker and CLI) opens it.</summary>
    protected abstract Task<IDirectory> OpenAnotherAsync();

    /// <summary>Closes every instance and opens the data again, as after a restart.</summary>
    protected abstract Task<IDirectory> RestartAsync();

    public abstract void Dispose();

    [Fact]
    public async Task ExportAsync_AfterReplace_RoundTripsEveryRecord()
    {
        var directory = await CreateWithSampleAsync();

        var exported = await directory.ExportAsync(None);

        Assert.Equal(Text(SampleDirectory.Create()), Text(exported));
    }

    [Fact]
    public async Task ReplaceAsync_ApiOwnedKeyAndUnassignedDevice_ReadBackWithOriginAndEnableDate()
    {
        var directory = await CreateDirectoryAsync();
        var first = FirstAccount();
        var apiKey = first.AccessKeys[0] with { Origin = CredentialOrigin.Api };
        var enabled = new MfaDevice(AliceSerial, First, "alice", AliceSeed) { Origin = CredentialOrigin.Api, EnableDate = Created.AddDays(2) };
        var unassigned = new MfaDevice("arn:aws:iam::111111111111:mfa/spare", First, null, AliceSeed) { Origin = CredentialOrigin.Api };
        await directory.ReplaceAsync(new DirectorySnapshot([first with { AccessKeys = [apiKey], MfaDevices = [enabled, unassigned] }]), null, None);

        var view = await (await RestartAsync()).LoadAsync(None);

        Assert.Equal(CredentialOrigin.Api, view.FindAccessKey(AliceKey)!.Origin);
        Assert.Equal(AliceSecret, view.FindAccessKey(AliceKey)!.SecretAccessKey);
        var readEnabled = view.FindMfaDevice(AliceSerial)!;
        Assert.Equal(("alice", CredentialOrigin.Api, (DateTimeOffset?)Created.AddDays(2)), (readEnabled.UserName, readEnabled.Origin, readEnabled.EnableDate));
        var readSpare = view.FindMfaDevice(unassigned.SerialNumber)!;
        Assert.Equal((null, CredentialOrigin.Api), (readSpare.UserName, readSpare.Origin));
        Assert.Equal(AliceSeed, readSpare.Seed);
    }

    [Fact]
    public async Task ExportAsync_NewDirectory_IsEmpty()
    {
        var directory = await CreateDirectoryAsync();

        Assert.Empty((await directory.ExportAsync(None)).Accounts);
    }

    [Fact]
    public async Task FindAccessKeyAsync_KnownKey_ReturnsDecryptedKey()
    {
        var directory = await CreateWithSampleAsync();

        var alice = await directory.FindAccessKeyAsync(AliceKey, None);
        var bob = await directory.FindAccessKeyAsync(BobKey, None);

        Assert.Equal(Text(FirstAccount().AccessKeys[0]), Text(alice));
        Assert.Equal(AliceSecret, alice!.SecretAccessKey);
        Assert.Equal(AccessKeyStatus.Inactive, bob!.Status);
    }

    [Fact]
    public async Task FindAsync_EachRecordKind_ReturnsStoredRecord()
    {
        var directory = await CreateWithSampleAsync();
        var first = FirstAccount();
        var second = SecondAccount();

        Assert.Equal(Text(first.Users[0]), Text(await directory.FindUserAsync(First, "alice", None)));
        Assert.Equal(Text(first.Groups[0]), Text(await directory.FindGroupAsync(First, "developers", None)));
        Assert.Equal(Text(second.Roles[0]), Text(await directory.FindRoleAsync(Second, "deploy", None)));
        Assert.Equal(Text(first.ManagedPolicies[1]), Text(await directory.FindManagedPolicyAsync("arn:aws:iam::111111111111:policy/limits/Boundary", None)));
        Assert.Equal(Text(first.MfaDevices[0]), Text(await directory.FindMfaDeviceAsync(AliceSerial, None)));
        Assert.True(await directory.AccountExistsAsync(Second, None));
    }

    [Fact]
    public async Task FindAsync_UnknownOrOtherAccount_ReturnsNull()
    {
        var directory = await CreateWithSampleAsync();

        Assert.Null(await directory.FindAccessKeyAsync(AccessKeyId.Parse("AKIAUNKNOWN000000001"), None));
        Assert.Null(await directory.FindUserAsync(Second, "alice", None));
        Assert.Null(await directory.FindGroupAsync(Second, "developers", None));
        Assert.Null(await directory.FindRoleAsync(First, "deploy", None));
        Assert.Null(await directory.FindManagedPolicyAsync("arn:aws:iam::111111111111:policy/Boundary", None));
        Assert.Null(await directory.FindMfaDeviceAsync("arn:aws:iam::111111111111:mfa/bob", None));
        Assert.False(await directory.AccountExistsAsync(AccountId.Parse("333333333333"), None));
    }

    [Fact]
    public async Task FindSamlProviderAsync_KnownArn_ReturnsProviderWithCertificates()
    {
        var directory = await CreateWithSampleAsync();

        var okta = await directory.FindSamlProviderAsync(OktaArn, None);
        var legacy = await directory.FindSamlProviderAsync(Arn.SamlProvider(First, "Legacy"), None);

        Assert.Equal(Text(FirstAccount().SamlProviders[0]), Text(okta));
        Assert.Equal(Text(FirstAccount().SamlProviders[1]), Text(legacy));
        Assert.True(legacy!.AllowSha1);
        Assert.Equal(AssertionEncryptionMode.Allowed, okta!.AssertionEncryptionMode);
        Assert.Empty(okta.PrivateKeyList);
    }

    [Fact]
    public async Task FindSamlProviderAsync_WithPrivateKeys_ReturnsModeAndDecryptedKeysInOrder()
    {
        var directory = await CreateWithSampleAsync();

        var legacy = await directory.FindSamlProviderAsync(Arn.SamlProvider(First, "Legacy"), None);

        Assert.Equal(AssertionEncryptionMode.Required, legacy!.AssertionEncryptionMode);
        Assert.Equal([LegacyKey.KeyId, LegacyNextKey.KeyId], legacy.PrivateKeyList.Select(k => k.KeyId));
        Assert.Equal([LegacyKey.Timestamp, LegacyNextKey.Timestamp], legacy.PrivateKeyList.Select(k => k.Timestamp));
        Assert.Equal(LegacyKey.PrivateKey, legacy.PrivateKeyList[0].PrivateKey);
        Assert.Equal(LegacyNextKey.PrivateKey, legacy.PrivateKeyList[1].PrivateKey);
    }

    [Fact]
    public async Task ReplaceAsync_PrivateKeyRotated_KeepsOnlyTheNewList()
    {
        var directory = await CreateWithSampleAsync();
        var legacy = FirstAccount().SamlProviders[1] with { PrivateKeyList = [LegacyNextKey] };

        await directory.ReplaceAsync(new DirectorySnapshot([FirstAccount() with { SamlProviders = [FirstAccount().SamlProviders[0], legacy] }]), None);

        var found = await directory.FindSamlProviderAsync(Arn.SamlProvider(First, "Legacy"), None);
        Assert.Equal([LegacyNextKey.KeyId], found!.PrivateKeyList.Select(k => k.KeyId));
        Assert.Equal(Text(legacy), Text(found));
    }

    [Fact]
    public async Task ReplaceAsync_ThirdPrivateKeyForProvider_KeepsPreviousDirectory()
    {
        var directory = await CreateWithSampleAsync();
        var third = new SamlPrivateKey("00000000000000000000000000000003", Created, [1, 2, 3]);
        var legacy = FirstAccount().SamlProviders[1] with { PrivateKeyList = [LegacyKey, LegacyNextKey, third] };

        await Assert.ThrowsAnyAsync<Exception>(() =>
            directory.ReplaceAsync(new DirectorySnapshot([FirstAccount() with { SamlProviders = [FirstAccount().SamlProviders[0], legacy] }]), None));

        Assert.Equal(Text(SampleDirectory.Create()), Text(await directory.ExportAsync(None)));
    }

    [Fact]
    public async Task ReplaceAsync_WithServiceCatalog_RoundTripsCatalogAndHashedProxyKey()
    {
        var directory = await CreateDirectoryAsync();
        var catalog = OrdersCatalog(FirstAccount().Id);

        await directory.ReplaceAsync(SampleDirectory.Create() with { Services = [catalog] }, None);

        var view = await (await OpenAnotherAsync()).LoadAsync(None);
        var stored = Assert.Single(view.Snapshot.Services);
        Assert.Equal(ServiceCatalogJson.Write(catalog), ServiceCatalogJson.Write(stored));
        Assert.Same(stored, view.FindService("orders"));
        Assert.True(stored.ProxyKeys[0].Matches("edge-1-secret-0000000000000000000000"));
        Assert.Equal(Text(SampleDirectory.Create()), Text(new DirectorySnapshot(view.Snapshot.Accounts)));
    }

    [Fact]
    public async Task ReplaceAsync_ServiceOfUnknownAccount_KeepsPreviousDirectory()
    {
        var directory = await CreateWithSampleAsync();

        await Assert.ThrowsAnyAsync<Exception>(() =>
            directory.ReplaceAsync(SampleDirectory.Create() with { Services = [OrdersCatalog(AccountId.Parse("999999999999"))] }, None));

        var view = await directory.LoadAsync(None);
        Assert.Empty(view.Snapshot.Services);
        Assert.Equal(Text(SampleDirectory.Create()), Text(view.Snapshot));
    }

    private static ServiceCatalog OrdersCatalog(AccountId account) => new(
        "orders",
        account,
        [new ServiceAction("GetOrder", AccessLevel.Read, ["order"], []), new ServiceAction("ListOrders", AccessLevel.List, [], ["orders:Priority"])],
        [new ServiceResourceType("order", "arn:aws:orders:${Region}:${Account}:order/${OrderId}")],
        [new ServiceRoute("GET", "/orders/{OrderId}", "GetOrder", "order"), new ServiceRoute("GET", "/orders", "ListOrders", null)],
        [new ServiceResourcePolicy("arn:aws:orders:*:" + account.Value + ":order/shared-*", "{\"Version\":\"2012-10-17\",\"Statement\":[]}")],
        [ProxyKey.FromSecret("edge-1", "edge-1-secret-0000000000000000000000")]);

    [Theory]
    [InlineData("arn:aws:iam::222222222222:saml-provider/Okta")]
    [InlineData("arn:aws:iam::111111111111:saml-provider/okta")]
    [InlineData("arn:aws:iam::111111111111:oidc-provider/Okta")]
    [InlineData("arn:aws-cn:iam::111111111111:saml-provider/Okta")]
    [InlineData("arn:aws:iam:us-east-1:111111111111:saml-provider/Okta")]
    public async Task FindSamlProviderAsync_OtherAccountCaseOrKind_ReturnsNull(string arn)
    {
        var directory = await CreateWithSampleAsync();
        Assert.True(Arn.TryParse(arn, out var parsed));

        Assert.Null(await directory.FindSamlProviderAsync(parsed, None));
    }

    [Fact]
    public async Task FindOidcProviderAsync_ExactUrl_ReturnsProvider()
    {
        var directory = await CreateWithSampleAsync();

        var github = await directory.FindOidcProviderAsync(First, "https://token.actions.githubusercontent.com", None);
        var loopback = await directory.FindOidcProviderAsync(First, "http://127.0.0.1:8080/tenant", None);

        Assert.Equal(Text(FirstAccount().OidcProviders[0]), Text(github));
        Assert.Equal(Text(FirstAccount().OidcProviders[1]), Text(loopback));
        Assert.True(loopback!.AllowHttpLoopback);
        Assert.Equal(["ES256", "RS256"], loopback.AllowedAlgorithms!.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("111111111111", "https://token.actions.githubusercontent.com/")]
    [InlineData("111111111111", "https://Token.actions.githubusercontent.com")]
    [InlineData("111111111111", "token.actions.githubusercontent.com")]
    [InlineData("222222222222", "https://token.actions.githubusercontent.com")]
    public async Task FindOidcProviderAsync_UrlNotExactOrOtherAccount_ReturnsNull(string account, string url)
    {
        var directory = await CreateWithSampleAsync();

        Assert.Null(await directory.FindOidcProviderAsync(AccountId.Parse(account), url, None));
    }

    [Fact]
    public async Task ReplaceAsync_WithoutProviders_RemovesThem()
    {
        var directory = await CreateWithSampleAsync();

        await directory.ReplaceAsync(new DirectorySnapshot([FirstAccount() with { SamlProviders = [], OidcProviders = [] }]), None);

        Assert.Null(await directory.FindSamlProviderAsync(OktaArn, None));
        Assert.Null(await directory.FindOidcProviderAsync(First, "https://token.actions.githubusercontent.com", None));
    }

    [Fact]
    public async Task ReplaceAsync_DuplicateProviderLateInWrite_KeepsPreviousDirectory()
    {
        var directory = await CreateWithSampleAsync();
        var duplicate = FirstAccount() with { OidcProviders = [.. FirstAccount().OidcProviders, FirstAccount().OidcProviders[0]] };

        await Assert.ThrowsAnyAsync<Exception>(() => directory.ReplaceAsync(new DirectorySnapshot([duplicate]), None));

        Assert.Equal(Text(SampleDirectory.Create()), Text(await directory.ExportAsync(None)));
    }

    [Fact]
    public async Task FindAsync_NameInOtherCase_ReturnsNull()
    {
        var directory = await CreateWithSampleAsync();

        Assert.Null(await directory.FindRoleAsync(Second, "DEPLOY", None));
        Assert.Null(await directory.FindUserAsync(First, "Alice", None));
    }

    [Fact]
    public async Task RestartAsync_AfterWrites_StillHasDirectory()
    {
        await CreateWithSampleAsync();

        var reopened = await RestartAsync();

        var exported = await reopened.ExportAsync(None);
        Assert.Equal(2, exported.Accounts.Count);
        Assert.Equal(Text(FirstAccount()), Text(exported.Accounts[0]));
        Assert.Equal(AccessKeyStatus.Inactive, (await reopened.FindAccessKeyAsync(BobKey, None))!.Status);
    }

    [Fact]
    public async Task ReplaceAsync_ByAnotherProcess_SeenWithoutRestart()
    {
        var broker = await CreateWithSampleAsync();
        var cli = await OpenAnotherAsync();
        Assert.NotNull(await broker.FindUserAsync(Second, "bob", None));

        await cli.ReplaceAsync(new DirectorySnapshot([FirstAccount()]), None);

        Assert.Null(await broker.FindUserAsync(Second, "bob", None));
        Assert.Null(await broker.FindAccessKeyAsync(BobKey, None));
    }

    [Fact]
    public async Task ReplaceAsync_DuplicateSerialLateInWrite_KeepsPreviousDirectory()
    {
        var directory = await CreateWithSampleAsync();
        var before = Text(await directory.ExportAsync(None));

        // The last record written (an MFA device of the second account) reuses the first account's serial number.
        var second = SecondAccount() with { MfaDevices = [new MfaDevice(AliceSerial, Second, "bob", AliceSeed)] };

        await Assert.ThrowsAnyAsync<Exception>(() => directory.ReplaceAsync(new DirectorySnapshot([FirstAccount(), second]), None));

        Assert.Equal(before, Text(await directory.ExportAsync(None)));
    }

    [Fact]
    public async Task ReplaceAsync_AccessKeyOfMissingUser_KeepsPreviousDirectory()
    {
        var directory = await CreateWithSampleAsync();
        var before = Text(await directory.ExportAsync(None));
        var orphan = new AccessKey(AccessKeyId.Parse("AKIAORPHAN0000000001"), Second, "nobody", BobSecret, AccessKeyStatus.Active, Created);
        var second = SecondAccount() with { AccessKeys = [.. SecondAccount().AccessKeys, orphan] };

        await Assert.ThrowsAnyAsync<Exception>(() => directory.ReplaceAsync(new DirectorySnapshot([FirstAccount(), second]), None));

        Assert.Equal(before, Text(await directory.ExportAsync(None)));
    }

    [Fact]
    public async Task ReplaceAsync_ThirdAccessKeyForUser_Rejected()
    {
        var directory = await CreateDirectoryAsync();
        AccessKey Key(string id) => new(AccessKeyId.Parse(id), Second, "bob", BobSecret, AccessKeyStatus.Active, Created);
        var second = SecondAccount() with { AccessKeys = [Key("AKIAKEY0000000000001"), Key("AKIAKEY0000000000002"), Key("AKIAKEY0000000000003")] };

        await Assert.ThrowsAnyAsync<Exception>(() => directory.ReplaceAsync(new DirectorySnapshot([second]), None));

        Assert.Empty((await directory.ExportAsync(None)).Accounts);
    }

    [Fact]
    public async Task ReplaceAsync_RecordNamesAnotherAccount_RejectedBeforeWriting()
    {
        var directory = await CreateWithSampleAsync();
        var mislabeled = SecondAccount() with { Users = [FirstAccount().Users[0]] };

        await Assert.ThrowsAsync<ArgumentException>(() => directory.ReplaceAsync(new DirectorySnapshot([mislabeled]), None));

        Assert.Equal(2, (await directory.ExportAsync(None)).Accounts.Count);
    }

    [Fact]
    public async Task TryUseTotpStepAsync_FirstUse_Accepted()
    {
        var directory = await CreateWithSampleAsync();

        Assert.True(await directory.TryUseTotpStepAsync(AliceSerial, 1000, None));
    }

    [Fact]
    public async Task TryUseTotpStepAsync_ReplayedStep_Refused()
    {
        var directory = await CreateWithSampleAsync();
        await directory.TryUseTotpStepAsync(AliceSerial, 1000, None);

        Assert.False(await directory.TryUseTotpStepAsync(AliceSerial, 1000, None));
    }

    [Fact]
    public async Task TryUseTotpStepAsync_EarlierStepAfterLater_Refused()
    {
        var directory = await CreateWithSampleAsync();
        await directory.TryUseTotpStepAsync(AliceSerial, 1001, None);

        Assert.False(await directory.TryUseTotpStepAsync(AliceSerial, 1000, None));
        Assert.True(await directory.TryUseTotpStepAsync(AliceSerial, 1002, None));
    }

    [Fact]
    public async Task TryUseTotpStepAsync_OtherDevice_Independent()
    {
        var directory = await CreateWithSampleAsync();
        await directory.TryUseTotpStepAsync(AliceSerial, 1000, None);

        Assert.True(await directory.TryUseTotpStepAsync("arn:aws:iam::111111111111:mfa/other", 1000, None));
    }

    [Fact]
    public async Task TryUseTotpStepAsync_ReplayAfterDirectoryReplaced_Refused()
    {
        var directory = await CreateWithSampleAsync();
        await directory.TryUseTotpStepAsync(AliceSerial, 1000, None);

        await directory.ReplaceAsync(SampleDirectory.Create(), None);

        Assert.False(await directory.TryUseTotpStepAsync(AliceSerial, 1000, None));
    }

    [Fact]
    public async Task TryUseTotpStepAsync_ReplayAfterRestart_Refused()
    {
        var directory = await CreateWithSampleAsync();
        await directory.TryUseTotpStepAsync(AliceSerial, 1000, None);

        var reopened = await RestartAsync();

        Assert.False(await reopened.TryUseTotpStepAsync(AliceSerial, 1000, None));
    }

    [Fact]
    public async Task TryUseTotpStepAsync_ConcurrentReplayAcrossProcesses_AdmitsExactlyOne()
    {
        var directories = new[] { await CreateWithSampleAsync(), await OpenAnotherAsync() };
        using var start = new ManualResetEventSlim();

        var attempts = Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await directories[i % 2].TryUseTotpStepAsync(AliceSerial, 5000, None);
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, admitted => admitted);
    }

    [Fact]
    public async Task CurrentVersionAsync_AfterReplace_IsNewAndNamesTheLoadedVersion()
    {
        var directory = await CreateWithSampleAsync();
        var before = await directory.CurrentVersionAsync(None);

        await directory.ReplaceAsync(SampleDirectory.Create(), None);
        var after = await directory.CurrentVersionAsync(None);
        var loaded = await directory.LoadAsync(None);

        Assert.NotEqual(before, after);
        Assert.Equal(after, loaded.Version);
    }

    [Fact]
    public async Task CurrentVersionAsync_ReplaceByAnotherProcess_SeenAtOnce()
    {
        var broker = await CreateWithSampleAsync();
        var cli = await OpenAnotherAsync();
        var before = await broker.CurrentVersionAsync(None);

        await cli.ReplaceAsync(new DirectorySnapshot([FirstAccount()]), None);

        Assert.NotEqual(before, await broker.CurrentVersionAsync(None));
        Assert.Equal(await cli.CurrentVersionAsync(None), await broker.CurrentVersionAsync(None));
    }

    [Fact]
    public async Task LoadAsync_HeldWhileReplaced_KeepsItsOwnVersion()
    {
        var directory = await CreateWithSampleAsync();
        var held = await directory.LoadAsync(None);

        await directory.ReplaceAsync(new DirectorySnapshot([FirstAccount()]), None);
        await directory.ReplaceAsync(DirectorySnapshot.Empty, None);

        Assert.NotNull(held.FindUser(Second, "bob"));
        Assert.Equal(Text(SampleDirectory.Create()), Text(held.Snapshot));
        Assert.Null((await directory.LoadAsync(None)).FindUser(First, "alice"));
    }

    [Fact]
    public async Task LoadAsync_DuringConcurrentReplaces_AlwaysOneWholeVersion()
    {
        // Two versions that differ in every account: any mix of them is detectable as a snapshot equal to neither.
        var writer = await CreateWithSampleAsync();
        var reader = await OpenAnotherAsync();
        var versionA = SampleDirectory.Create();
        var versionB = new DirectorySnapshot([FirstAccount()]);
        var allowed = new HashSet<string>(StringComparer.Ordinal) { Text(versionA), Text(versionB) };
        using var stop = new CancellationTokenSource();

        var writes = Task.Run(async () =>
        {
            for (var i = 0; i < 12; i++)
            {
                await writer.ReplaceAsync(i % 2 == 0 ? versionB : versionA, None);
            }

            await stop.CancelAsync();
        });
        var loads = 0;
        while (!stop.IsCancellationRequested)
        {
            var view = await reader.LoadAsync(None);
            Assert.Contains(Text(view.Snapshot), allowed);
            loads++;
        }

        await writes;
        Assert.True(loads > 0);
    }

    [Fact]
    public async Task ReplaceAsync_ExpectedVersionIsCurrent_Replaces()
    {
        var directory = await CreateWithSampleAsync();
        var read = await directory.LoadAsync(None);

        await directory.ReplaceAsync(new DirectorySnapshot([FirstAccount()]), read.Version, None);

        Assert.Null(await directory.FindUserAsync(Second, "bob", None));
    }

    [Fact]
    public async Task ReplaceAsync_ExpectedVersionReplacedByAnotherWriter_ConflictAndNothingWritten()
    {
        // A read-modify-write (an apply planned against one version) must not undo a change made in between.
        var directory = await CreateWithSampleAsync();
        var other = await OpenAnotherAsync();
        var read = await directory.LoadAsync(None);
        await other.ReplaceAsync(new DirectorySnapshot([FirstAccount()]), None);
        var afterOther = await directory.CurrentVersionAsync(None);

        await Assert.ThrowsAsync<DirectoryConflictException>(() => directory.ReplaceAsync(DirectorySnapshot.Empty, read.Version, None));

        Assert.Equal(afterOther, await directory.CurrentVersionAsync(None));
        Assert.NotNull(await directory.FindUserAsync(First, "alice", None));
    }

    [Fact]
    public async Task ReplaceAsync_Written_ReturnsTheVersionEveryReaderThenLoads()
    {
        var directory = await CreateWithSampleAsync();
        var before = await directory.CurrentVersionAsync(None);

        var written = await directory.ReplaceAsync(new DirectorySnapshot([FirstAccount()]), before, None);

        Assert.NotEqual(before, written);
        Assert.Equal(written, await directory.CurrentVersionAsync(None));
        Assert.Equal(written, (await (await OpenAnotherAsync()).LoadAsync(None)).Version);
    }

    [Fact]
    public async Task ReplaceAsync_ExpectedEmptyVersionOnNewStore_Replaces()
    {
        var directory = await CreateDirectoryAsync();
        var read = await directory.LoadAsync(None);

        await directory.ReplaceAsync(SampleDirectory.Create(), read.Version, None);

        Assert.NotNull(await directory.FindUserAsync(First, "alice", None));
    }

    private async Task<IDirectory> CreateWithSampleAsync()
    {
        var directory = await CreateDirectoryAsync();
        await directory.ReplaceAsync(SampleDirectory.Create(), None);
        return directory;
    }
}
