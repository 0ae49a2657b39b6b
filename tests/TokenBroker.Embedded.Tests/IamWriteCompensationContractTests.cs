using TokenBroker.Core.Iam;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using static TokenBroker.Embedded.Tests.SampleDirectory;

namespace TokenBroker.Embedded.Tests;

/// <summary>
/// The compensation of an IAM write whose answer is shown once (docs/iam.md, "Audit"), over each directory adapter: it
/// removes exactly what the write created, also after another writer changed the directory in between, and nothing else.
/// </summary>
public abstract class IamWriteCompensationContractTests : IDisposable
{
    private const string SpareSerial = "arn:aws:iam::111111111111:mfa/spare";
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A new, empty directory.</summary>
    protected abstract Task<IDirectory> CreateDirectoryAsync();

    /// <summary>A second instance over the same data, as another broker or the CLI opens it.</summary>
    protected abstract Task<IDirectory> OpenAnotherAsync();

    public abstract void Dispose();

    [Fact]
    public async Task CreateAccessKey_Compensated_UserHasTheKeysOfBeforeAndCreatesAgain()
    {
        var directory = await CreateWithSampleAsync();
        var created = await CreateKeyAsync(directory);

        Assert.True(await created.Compensation.RunAsync(None));

        Assert.Equal([AliceKey], AliceKeys(await directory.LoadAsync(None)));
        // The removed key no longer counts toward the two: the next create is not LimitExceeded.
        var again = await CreateKeyAsync(directory);
        Assert.Equal([AliceKey, again.Value.AccessKeyId], AliceKeys(await directory.LoadAsync(None)));
    }

    [Fact]
    public async Task CreateAccessKey_CompensatedAfterAnotherWriterChangedTheDirectory_RemovesOnlyTheCreatedKey()
    {
        var directory = await CreateWithSampleAsync();
        var created = await CreateKeyAsync(directory);
        var other = await OpenAnotherAsync();
        var deactivated = await new IamDirectoryWriter(other).WriteAsync(await other.LoadAsync(None),
            view => AccessKeyChanges.SetStatus(view, First, "alice", AliceKey.Value, AccessKeyStatus.Inactive), None);
        Assert.True(deactivated.IsSuccess);

        // Planned on the version the create produced, the removal conflicts and is planned again on the newer one.
        Assert.True(await created.Compensation.RunAsync(None));

        var view = await directory.LoadAsync(None);
        Assert.Equal([AliceKey], AliceKeys(view));
        Assert.Equal(AccessKeyStatus.Inactive, view.FindAccessKey(AliceKey)!.Status);
    }

    [Fact]
    public async Task CreateAccessKey_CompensatedAfterTheKeyWasDeleted_WritesNothing()
    {
        var directory = await CreateWithSampleAsync();
        var created = await CreateKeyAsync(directory);
        var deleted = await new IamDirectoryWriter(directory).WriteAsync(await directory.LoadAsync(None),
            view => AccessKeyChanges.Delete(view, First, "alice", created.Value.AccessKeyId.Value), None);
        Assert.True(deleted.IsSuccess);
        var version = await directory.CurrentVersionAsync(None);

        Assert.True(await created.Compensation.RunAsync(None));

        Assert.Equal(version, await directory.CurrentVersionAsync(None));
    }

    [Fact]
    public async Task CreateVirtualMfaDevice_Compensated_SerialNumberFreeForANewDevice()
    {
        var directory = await CreateWithSampleAsync();
        var created = await CreateDeviceAsync(directory, [1, 2, 3]);

        Assert.True(await created.Compensation.RunAsync(None));

        Assert.Null((await directory.LoadAsync(None)).FindMfaDevice(SpareSerial));
        Assert.NotNull((await directory.LoadAsync(None)).FindMfaDevice(AliceSerial));
        await CreateDeviceAsync(directory, [4, 5, 6]);
        Assert.Equal([4, 5, 6], (await directory.LoadAsync(None)).FindMfaDevice(SpareSerial)!.Seed);
    }

    [Fact]
    public async Task CreateVirtualMfaDevice_CompensatedAfterAnotherDeviceTookTheSerialNumber_KeepsIt()
    {
        var directory = await CreateWithSampleAsync();
        var created = await CreateDeviceAsync(directory, [1, 2, 3]);
        var writer = new IamDirectoryWriter(directory);
        Assert.True((await writer.WriteAsync(await directory.LoadAsync(None), view => MfaDeviceChanges.DeleteVirtual(view, First, SpareSerial), None)).IsSuccess);
        await CreateDeviceAsync(directory, [4, 5, 6]);

        Assert.True(await created.Compensation.RunAsync(None));

        Assert.Equal([4, 5, 6], (await directory.LoadAsync(None)).FindMfaDevice(SpareSerial)!.Seed);
    }

    private static async Task<UndoableWrite<AccessKey>> CreateKeyAsync(IDirectory directory)
    {
        var view = await directory.LoadAsync(None);
        var written = await new IamDirectoryWriter(directory).WriteUndoableAsync(view,
            v => AccessKeyChanges.Create(v, v.FindUser(First, "alice")!, Created), AccessKeyChanges.RemoveCreated, AccessKeyChanges.Describe, None);
        Assert.True(written.IsSuccess, written.Error?.Message);
        return written.Value;
    }

    private static async Task<UndoableWrite<MfaDevice>> CreateDeviceAsync(IDirectory directory, byte[] seed)
    {
        var written = await new IamDirectoryWriter(directory).WriteUndoableAsync(await directory.LoadAsync(None),
            view => MfaDeviceChanges.CreateVirtual(view, First, SpareSerial, seed), MfaDeviceChanges.RemoveCreated, device => device.SerialNumber, None);
        Assert.True(written.IsSuccess, written.Error?.Message);
        return written.Value;
    }

    private static List<AccessKeyId> AliceKeys(DirectoryView view) =>
        view.Snapshot.Accounts.Single(a => a.Id == First).AccessKeys.Where(k => k.UserName == "alice").Select(k => k.AccessKeyId).ToList();

    private async Task<IDirectory> CreateWithSampleAsync()
    {
        var directory = await CreateDirectoryAsync();
        await directory.ReplaceAsync(SampleDirectory.Create(), None);
        return directory;
    }
}
