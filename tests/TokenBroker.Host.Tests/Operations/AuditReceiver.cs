using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Host.Tests.Operations;

/// <summary>
/// A real HTTP webhook receiver on loopback (Kestrel): it answers 503 to its first <c>failures</c> deliveries, holds
/// every delivery while <see cref="Hold"/> is set, and records each CloudTrail event it accepted.
/// </summary>
public sealed class AuditReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<JsonElement> _events = [];
    private int _failuresLeft;
    private int _refused;

    private AuditReceiver(WebApplication app, int failures)
    {
        _app = app;
        _failuresLeft = failures;
    }

    public Uri Endpoint => new(BrokerFixture.AddressOf(_app), "audit");

    /// <summary>While set, deliveries wait for it to complete.</summary>
    public TaskCompletionSource? Hold { get; set; }

    public int Refused => Volatile.Read(ref _refused);

    public List<JsonElement> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public static async Task<AuditReceiver> StartAsync(int failures)
    {
        var app = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]).Build();
        var receiver = new AuditReceiver(app, failures);
        app.MapPost("/audit", (Delegate)receiver.ReceiveAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until events with every one of these request ids were accepted.</summary>
    public async Task<bool> ReceivedWithinAsync(IEnumerable<string> requestIds, TimeSpan bound)
    {
        var wanted = requestIds.ToHashSet();
        using var stop = new CancellationTokenSource(bound);
        while (!stop.IsCancellationRequested)
        {
            if (wanted.IsSubsetOf(Events.Select(e => e.GetProperty("requestID").GetString()!)))
            {
                return true;
            }

            await Task.Delay(100, CancellationToken.None);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        Hold?.TrySetResult();
        await _app.StopAndDisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        if (Hold is { } hold)
        {
            await hold.Task;
        }

        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            Interlocked.Increment(ref _refused);
            return Results.StatusCode(503);
        }

        Assert.Equal("application/json", context.Request.ContentType?.Split(';')[0]);
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        lock (_events)
        {
            _events.AddRange(body.RootElement.GetProperty("Records").EnumerateArray().Select(e => e.Clone()));
        }

        return Results.Ok();
    }
}
