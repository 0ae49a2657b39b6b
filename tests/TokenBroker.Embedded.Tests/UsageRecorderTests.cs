using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Core.Model;
using TokenBroker.Core.Usage;

namespace TokenBroker.Embedded.Tests;

/// <summary>The usage recorder over the real SQLite usage store: batching, flushing, and a store that is down.</summary>
public sealed class UsageRecorderTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly AccountId Account = AccountId.Parse("111111111111");
    private static readonly IamUser Alice = new(Account, "alice", "AIDAALICE", "/", [], [], [], null, []);
    private static readonly AccessKeyId AliceKey = AccessKeyId.Parse("AKIAALICERECORDER001");

    private readonly SqliteStores _stores = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _stores.Dispose();

    // The recorder needs only who signed and where; the signature it would carry is not what these tests check.
    private static Caller LongTerm(IamUser user, AccessKeyId key, string region)
    {
        var request = new SigV4Request("POST", "/", "", [], ReadOnlyMemory<byte>.Empty);
        var scope = new CredentialScope(key.Value, "20260501", region, "sts", "aws4_request");
        var signingTime = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var claims = new SigV4Claims(request, key, scope, "20260501T120000Z", signingTime, "host", new string('0', 64), null, isPresigned: false);
        return Caller.LongTerm(user, new VerifiedSigV4Request(claims));
    }

    [Fact]
    public async Task Record_ThenFlush_WritesKeyUseAndEntityAction()
    {
        var store = (await _stores.CreateAsync()).Usage;
        var recorder = new UsageRecorder(store, _time);

        recorder.Record(LongTerm(Alice, AliceKey, "eu-west-1"), "sts", "GetCallerIdentity", "eu-west-1");
        await recorder.FlushAsync(None);

        Assert.Equal(new AccessKeyUse(AliceKey, _time.GetUtcNow(), "eu-west-1", "sts"), await store.GetAccessKeyUseAsync(AliceKey, None));
        Assert.Equal([new ActionUse(Alice.Arn.ToString(), "sts", "GetCallerIdentity", _time.GetUtcNow(), "eu-west-1")],
            await store.GetActionUsesAsync(Alice.Arn.ToString(), None));
    }

    [Fact]
    public async Task Record_BeforeFlush_NothingWritten()
    {
        var store = (await _stores.CreateAsync()).Usage;
        var recorder = new UsageRecorder(store, _time);

        recorder.Record(LongTerm(Alice, AliceKey, "eu-west-1"), "sts", "GetCallerIdentity", "eu-west-1");

        Assert.Null(await store.GetAccessKeyUseAsync(AliceKey, None));
    }

    [Fact]
    public async Task Record_ManyUsesBetweenFlushes_WritesTheLatestOnce()
    {
        var store = (await _stores.CreateAsync()).Usage;
        var recorder = new UsageRecorder(store, _time);
        var caller = LongTerm(Alice, AliceKey, "eu-west-1");

        recorder.Record(caller, "sts", "AssumeRole", "eu-west-1");
        _time.Advance(TimeSpan.FromSeconds(5));
        recorder.Record(caller, "iam", "ListAccessKeys", "us-east-1");
        _time.Advance(TimeSpan.FromSeconds(5));
        recorder.Record(caller, "sts", "AssumeRole", "us-east-1");
        await recorder.FlushAsync(None);

        Assert.Equal(new AccessKeyUse(AliceKey, _time.GetUtcNow(), "us-east-1", "sts"), await store.GetAccessKeyUseAsync(AliceKey, None));
        var uses = await store.GetActionUsesAsync(Alice.Arn.ToString(), None);
        Assert.Equal(2, uses.Count);
        Assert.Equal(_time.GetUtcNow(), uses.Single(u => u.ActionName == "AssumeRole").UsedAt);
    }

    [Fact]
    public async Task RunAsync_IntervalPasses_FlushesWithoutAnExplicitCall()
    {
        var store = (await _stores.CreateAsync()).Usage;
        var recorder = new UsageRecorder(store, _time, UsageRecorderOptions.Default with { FlushInterval = TimeSpan.FromSeconds(10) });
        using var stop = new CancellationTokenSource();
        var loop = recorder.RunAsync(stop.Token);
        recorder.Record(LongTerm(Alice, AliceKey, "eu-west-1"), "sts", "GetCallerIdentity", "eu-west-1");

        _time.Advance(TimeSpan.FromSeconds(10));
        var written = await PollAsync(() => store.GetAccessKeyUseAsync(AliceKey, None));
        await stop.CancelAsync();
        await loop;

        Assert.NotNull(written);
    }

    [Fact]
    public async Task FlushAsync_StoreLocked_ThrowsAndKeepsTheUsesForTheNextFlush()
    {
        await _stores.CreateAsync();
        using var impatient = await EmbeddedStore.OpenAsync(_stores.Folder, None, TimeSpan.FromMilliseconds(50));
        var recorder = new UsageRecorder(impatient.Usage, _time);
        recorder.Record(LongTerm(Alice, AliceKey, "eu-west-1"), "sts", "GetCallerIdentity", "eu-west-1");

        await using (var blocker = await LockDatabaseAsync(impatient.DatabasePath))
        {
            await Assert.ThrowsAsync<SqliteException>(() => recorder.FlushAsync(None));
        }

        await recorder.FlushAsync(None);
        Assert.NotNull(await impatient.Usage.GetAccessKeyUseAsync(AliceKey, None));
    }

    [Fact]
    public async Task Record_PendingTableFull_DropsNewUsesAndCountsThem()
    {
        var store = (await _stores.CreateAsync()).Usage;
        var recorder = new UsageRecorder(store, _time, UsageRecorderOptions.Default with { MaxPending = 2 });
        var caller = LongTerm(Alice, AliceKey, "eu-west-1");

        recorder.Record(caller, "sts", "AssumeRole", "eu-west-1");
        recorder.Record(caller, "sts", "GetSessionToken", "eu-west-1");
        recorder.Record(caller, "sts", "AssumeRole", "eu-west-1");
        await recorder.FlushAsync(None);

        Assert.Equal(1, recorder.DroppedRecords);
        Assert.Equal(["AssumeRole"], (await store.GetActionUsesAsync(Alice.Arn.ToString(), None)).Select(u => u.ActionName));
    }

    private static async Task<SqliteConnection> LockDatabaseAsync(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "BEGIN EXCLUSIVE;";
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task<T?> PollAsync<T>(Func<Task<T?>> read)
        where T : class
    {
        for (var i = 0; i < 200; i++)
        {
            if (await read() is { } value)
            {
                return value;
            }

            await Task.Delay(25);
        }

        return null;
    }
}
