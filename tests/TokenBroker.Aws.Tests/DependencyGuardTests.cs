using Polly.CircuitBreaker;
using TokenBroker.Aws.DynamoDb;
using TokenBroker.Aws.Kms;
using TokenBroker.Core.Ports;
using static TokenBroker.Aws.Tests.Outages;

namespace TokenBroker.Aws.Tests;

/// <summary>
/// DynamoDB and KMS frozen or refused behind a TCP proxy: each call fails with StoreUnavailableException within the
/// deadline, the circuit opens and then fails calls without reaching the dependency, and a probe closes it again
/// once the dependency is back, without reopening anything. The SDK clients here time out only after 30 s.
/// </summary>
public sealed class DependencyGuardTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(2000);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Break = TimeSpan.FromMilliseconds(1000);
    private readonly AwsStores _stores = new();
    private readonly List<IDisposable> _disposables = [];

    public void Dispose()
    {
        _disposables.ForEach(d => d.Dispose());
        _stores.Dispose();
    }

    [Fact]
    public async Task GetAsync_DynamoDbFrozen_ServiceUnavailableWithinTheDeadline()
    {
        var (records, proxy, _) = await KeyRecordsBehindProxyAsync();
        proxy.Freeze();

        var error = await FailsWithinAsync(Deadline + Slack, () => records.GetAsync(AwsStore.DirectoryDataKeyRecord, None));

        Assert.False(error.IsThrottled);
        Assert.Equal("DynamoDB did not answer within 2000 ms.", error.Message);
    }

    [Fact]
    public async Task GetAsync_DynamoDbFrozenCircuitOpen_FailsWithoutCallingDynamoDb()
    {
        var (records, proxy, guard) = await KeyRecordsBehindProxyAsync();
        proxy.Freeze();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => FailsWithinAsync(Deadline + Slack, () => records.GetAsync("x", None))));
        var connections = proxy.Accepted;

        var error = await FailsWithinAsync(Slack, () => records.GetAsync("x", None));

        Assert.Equal(DependencyState.Open, guard.State);
        Assert.IsType<BrokenCircuitException>(error.InnerException);
        Assert.Equal(connections, proxy.Accepted);
    }

    [Fact]
    public async Task GetAsync_DynamoDbRefusedThenBack_ProbeClosesTheCircuit()
    {
        var (records, proxy, guard) = await KeyRecordsBehindProxyAsync();
        proxy.Refuse();
        for (var i = 0; i < 3; i++)
        {
            var refused = await FailsWithinAsync(Deadline + Slack, () => records.GetAsync("x", None));
            Assert.Equal("DynamoDB is unreachable.", refused.Message);
        }

        Assert.Equal(DependencyState.Open, guard.State);
        proxy.Forward();

        var record = await RecoversWithinAsync(Recovery, () => records.GetAsync(AwsStore.DirectoryDataKeyRecord, None));

        Assert.NotNull(record);
        Assert.Equal(DependencyState.Closed, guard.State);
    }

    [Fact]
    public async Task GetAsync_DynamoDbThrottling_CircuitStaysClosed()
    {
        var store = await _stores.CreateAsync();
        var endpoint = Track(new FaultyEndpoint(_stores.Emulators.DynamoDbEndpoint, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException"));
        var guard = new DependencyGuard(DynamoDbTable.Service, Deadline, Break);
        var records = new DynamoDbKeyRecordStore(new DynamoDbTable(Track(_stores.Emulators.DynamoDb(endpoint.Endpoint)), store.Table.Name, guard));
        endpoint.Current = FaultyEndpoint.Mode.Throttle;

        for (var i = 0; i < 5; i++)
        {
            Assert.True((await FailsWithinAsync(Deadline + Slack, () => records.GetAsync("x", None))).IsThrottled);
        }

        Assert.Equal(DependencyState.Closed, guard.State);
    }

    [Fact]
    public async Task GetAsync_CallerCancels_CircuitStaysClosed()
    {
        var (records, proxy, guard) = await KeyRecordsBehindProxyAsync();
        proxy.Freeze();

        for (var i = 0; i < 4; i++)
        {
            using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => records.GetAsync("x", caller.Token));
        }

        Assert.Equal(DependencyState.Closed, guard.State);
    }

    [Fact]
    public async Task SignAsync_KmsFrozenThenBack_FailsWithinTheDeadlineOpensAndRecovers()
    {
        await _stores.CreateAsync();
        var proxy = Track(new DependencyProxy(_stores.Emulators.KmsEndpoint));
        var (signing, data) = await _stores.Emulators.CreateKeysAsync();
        var guard = new DependencyGuard(KmsKeyRing.Service, Deadline, Break);
        var ring = await KmsKeyRing.OpenAsync(Track(_stores.Emulators.Kms(proxy.Endpoint)), signing, data, None, guard);
        proxy.Freeze();

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => FailsWithinAsync(Deadline + Slack, () => ring.SignAsync([1, 2, 3], None))));
        var connections = proxy.Accepted;
        var fast = await FailsWithinAsync(Slack, () => ring.SignAsync([1, 2, 3], None));
        Assert.Equal(connections, proxy.Accepted);
        Assert.Equal("KMS is unavailable: it failed moments ago and is not called again until a probe succeeds.", fast.Message);
        proxy.Forward();

        Assert.NotEmpty(await RecoversWithinAsync(Recovery, () => ring.SignAsync([1, 2, 3], None)));
        Assert.Equal(DependencyState.Closed, guard.State);
    }

    private async Task<(DynamoDbKeyRecordStore Records, DependencyProxy Proxy, DependencyGuard Guard)> KeyRecordsBehindProxyAsync()
    {
        var store = await _stores.CreateAsync();
        var proxy = Track(new DependencyProxy(_stores.Emulators.DynamoDbEndpoint));
        var guard = new DependencyGuard(DynamoDbTable.Service, Deadline, Break);
        var client = Track(_stores.Emulators.DynamoDb(proxy.Endpoint));
        return (new DynamoDbKeyRecordStore(new DynamoDbTable(client, store.Table.Name, guard)), proxy, guard);
    }

    private T Track<T>(T disposable)
        where T : IDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }
}
