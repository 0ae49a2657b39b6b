using TokenBroker.Core.Audit;
using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Tests;

/// <summary>What every <see cref="IAuditLog"/> adapter must do; adapters derive and say how to open their log.</summary>
public abstract class AuditLogContractTests : IDisposable
{
    protected static readonly CancellationToken None = CancellationToken.None;

    private static readonly DateTimeOffset T0 = new(2026, 5, 6, 7, 8, 9, 123, TimeSpan.Zero);

    /// <summary>A new, empty log.</summary>
    protected abstract Task<IAuditLog> CreateLogAsync();

    /// <summary>Closes every instance and opens the data again, as after a restart.</summary>
    protected abstract Task<IAuditLog> RestartAsync();

    public abstract void Dispose();

    private static AuditRecord Record(DateTimeOffset time, string action = "AssumeRole", string requestId = "req-1") => new(
        time, requestId, action, AuditOutcome.Success, null, "arn:aws:iam::111111111111:user/alice", "AKIAEXAMPLE",
        "127.0.0.1", "aws-sdk-dotnet", "arn:aws:iam::111111111111:role/demo", "s1", "alice@example.com", "ASIAEXAMPLE",
        time.AddHours(1), 3);

    [Fact]
    public async Task AppendAsync_ThenQuery_ReturnsEveryField()
    {
        var log = await CreateLogAsync();
        var record = Record(T0);

        await log.AppendAsync(record, None);

        Assert.Equal([record], await log.QueryAsync(new AuditQuery(null, null, 10), None));
    }

    [Fact]
    public async Task AppendAsync_Refusal_KeepsErrorCodeAndNulls()
    {
        var log = await CreateLogAsync();
        var record = new AuditRecord(T0, "req-2", "GetFederationToken", AuditOutcome.Failure, "AccessDenied",
            null, null, null, null, null, "bob", null, null, null, null);

        await log.AppendAsync(record, None);

        Assert.Equal([record], await log.QueryAsync(new AuditQuery(null, null, 10), None));
    }

    [Fact]
    public async Task AppendAsync_IamRecord_KeepsRequestParametersAndResponseElements()
    {
        var log = await CreateLogAsync();
        var record = new AuditRecord(T0, "req-3", "iam:CreateAccessKey", AuditOutcome.Success, null,
            "arn:aws:iam::111111111111:user/admin", "AKIAADMIN", null, null, null, null, null, null, null, null, null,
            new Dictionary<string, string> { ["userName"] = "alice" },
            new Dictionary<string, string> { ["accessKey.accessKeyId"] = "AKIANEW", ["accessKey.status"] = "Active" });

        await log.AppendAsync(record, None);

        var stored = Assert.Single(await log.QueryAsync(new AuditQuery(null, "iam:CreateAccessKey", 10), None));
        Assert.Equal(record with { RequestParameters = null, ResponseElements = null }, stored with { RequestParameters = null, ResponseElements = null });
        Assert.Equal(record.RequestParameters, stored.RequestParameters);
        Assert.Equal(record.ResponseElements!.OrderBy(e => e.Key, StringComparer.Ordinal), stored.ResponseElements!.OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task QueryAsync_SinceActionLimit_FiltersNewestFirst()
    {
        var log = await CreateLogAsync();
        await log.AppendAsync(Record(T0, requestId: "old"), None);
        await log.AppendAsync(Record(T0.AddMinutes(1), requestId: "a"), None);
        await log.AppendAsync(Record(T0.AddMinutes(2), "GetSessionToken", "b"), None);
        await log.AppendAsync(Record(T0.AddMinutes(3), requestId: "c"), None);

        var since = await log.QueryAsync(new AuditQuery(T0.AddMinutes(1), null, 10), None);
        var assumeRole = await log.QueryAsync(new AuditQuery(null, "AssumeRole", 10), None);
        var limited = await log.QueryAsync(new AuditQuery(null, null, 2), None);

        Assert.Equal(["c", "b", "a"], since.Select(r => r.RequestId));
        Assert.Equal(["c", "a", "old"], assumeRole.Select(r => r.RequestId));
        Assert.Equal(["c", "b"], limited.Select(r => r.RequestId));
    }

    [Fact]
    public async Task AppendAsync_ManyConcurrent_AllDurable()
    {
        var log = await CreateLogAsync();

        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(() => log.AppendAsync(Record(T0.AddMilliseconds(i), requestId: $"r{i}"), None))));
        var reopened = await RestartAsync();

        var records = await reopened.QueryAsync(new AuditQuery(null, null, 1000), None);
        Assert.Equal(300, records.Select(r => r.RequestId).Distinct().Count());
    }

    [Fact]
    public async Task AppendAsync_MfaEventsOfOneRequestInOneTick_AllKeptWithTheirDevice()
    {
        var log = await CreateLogAsync();
        const string serial = "arn:aws:iam::111111111111:mfa/alice";
        var request = new AuditRecord(T0, "req-3", "GetSessionToken", AuditOutcome.Failure, "AccessDenied",
            "arn:aws:iam::111111111111:user/alice", "AKIAEXAMPLE", "127.0.0.1", null, null, null, null, null, null, null);
        var rejected = request with { Action = MfaActions.CodeRejected, MfaSerialNumber = serial };
        var locked = request with { Action = MfaActions.DeviceLocked, MfaSerialNumber = serial };

        await log.AppendAsync(rejected, None);
        await log.AppendAsync(locked, None);
        await log.AppendAsync(request, None);

        var records = await log.QueryAsync(new AuditQuery(null, null, 10), None);
        Assert.Equal(3, records.Count);
        Assert.Contains(rejected, records);
        Assert.Contains(locked, records);
        Assert.Contains(request, records);
        Assert.Equal([locked], await log.QueryAsync(new AuditQuery(null, MfaActions.DeviceLocked, 10), None));
    }
}
