using TokenBroker.Aws.DynamoDb;
using TokenBroker.Aws.Kms;
using TokenBroker.Core.Ports;
using TokenBroker.Embedded.Tests;
using static TokenBroker.Embedded.Tests.SampleDirectory;
using TokenBroker.Tests;

namespace TokenBroker.Aws.Tests;

/// <summary>DynamoDB and KMS throttling, failing, hanging or gone: the stores fail closed and recover.</summary>
public sealed class FaultTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly AwsStores _stores = new();
    private readonly List<IDisposable> _disposables = [];

    public void Dispose()
    {
        _disposables.ForEach(d => d.Dispose());
        _stores.Dispose();
    }

    [Theory]
    [InlineData(FaultyEndpoint.Mode.Throttle, true)]
    [InlineData(FaultyEndpoint.Mode.Fail, false)]
    public async Task DynamoDb_Faulty_FailsClosedAndRecovers(FaultyEndpoint.Mode mode, bool throttled)
    {
        var (directory, endpoint) = await FaultyDirectoryAsync();
        var before = Text(await directory.ExportAsync(None));
        endpoint.Current = mode;

        var lookup = await Assert.ThrowsAsync<StoreUnavailableException>(() => directory.FindAccessKeyAsync(AliceKey, None));
        var replace = await Assert.ThrowsAsync<StoreUnavailableException>(() => directory.ReplaceAsync(new Core.Model.DirectorySnapshot([FirstAccount()]), None));
        endpoint.Current = FaultyEndpoint.Mode.Forward;

        Assert.Equal(throttled, lookup.IsThrottled);
        Assert.Equal(throttled, replace.IsThrottled);
        // Two failures after two successes open the DynamoDB circuit: the store answers again once its probe succeeds.
        var recovered = await Outages.RecoversWithinAsync(TimeSpan.FromSeconds(15), () => directory.FindAccessKeyAsync(AliceKey, None));
        Assert.Equal(AliceSecret, recovered!.SecretAccessKey);
        Assert.Equal(before, Text(await directory.ExportAsync(None)));
    }

    [Fact]
    public async Task DynamoDb_Hanging_TimesOutAsServiceUnavailable()
    {
        var (directory, endpoint) = await FaultyDirectoryAsync();
        endpoint.Current = FaultyEndpoint.Mode.Hang;

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => directory.FindAccessKeyAsync(AliceKey, None));

        Assert.False(error.IsThrottled);
    }

    [Fact]
    public async Task DynamoDb_Unreachable_IsServiceUnavailable()
    {
        await _stores.CreateAsync();
        using var client = _stores.Emulators.DynamoDb(new Uri($"http://127.0.0.1:{LoopbackPort.Free()}"));
        var records = new DynamoDbKeyRecordStore(new DynamoDbTable(client, "missing"));

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => records.GetAsync("x", None));

        Assert.False(error.IsThrottled);
    }

    [Theory]
    [InlineData(FaultyEndpoint.Mode.Throttle, true)]
    [InlineData(FaultyEndpoint.Mode.Fail, false)]
    public async Task Kms_Faulty_SignFailsClosedAndRecovers(FaultyEndpoint.Mode mode, bool throttled)
    {
        await _stores.CreateAsync();
        using var endpoint = new FaultyEndpoint(_stores.Emulators.KmsEndpoint, "ThrottlingException");
        using var kms = _stores.Emulators.Kms(endpoint.Endpoint, TimeSpan.FromSeconds(2));
        var (signing, data) = await _stores.Emulators.CreateKeysAsync();
        var ring = await KmsKeyRing.OpenAsync(kms, signing, data, None);
        endpoint.Current = mode;

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => ring.SignAsync([1, 2, 3], None));
        endpoint.Current = FaultyEndpoint.Mode.Forward;

        Assert.Equal(throttled, error.IsThrottled);
        Assert.NotEmpty(await ring.SignAsync([1, 2, 3], None));
    }

    private async Task<(DynamoDbDirectory Directory, FaultyEndpoint Endpoint)> FaultyDirectoryAsync()
    {
        var store = await _stores.CreateAsync();
        await store.Directory.ReplaceAsync(SampleDirectory.Create(), None);
        var endpoint = new FaultyEndpoint(_stores.Emulators.DynamoDbEndpoint, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException");
        _disposables.Add(endpoint);
        var client = _stores.Emulators.DynamoDb(endpoint.Endpoint, TimeSpan.FromSeconds(2));
        _disposables.Add(client);
        return (new DynamoDbDirectory(new DynamoDbTable(client, store.Table.Name), store.Secrets), endpoint);
    }
}
