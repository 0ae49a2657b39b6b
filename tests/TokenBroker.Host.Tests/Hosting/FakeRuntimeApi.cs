using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TokenBroker.Host.Tests.Hosting;

/// <summary>
/// A loopback Lambda Runtime API (2018-06-01): hands out queued events on /runtime/invocation/next and records what the
/// runtime posts to /response, /error and /runtime/init/error. A real HTTP server on 127.0.0.1 and a free port.
/// </summary>
public sealed class FakeRuntimeApi : IAsyncDisposable
{
    private readonly Channel<(string Id, long DeadlineMs, byte[] Event)> _events = Channel.CreateUnbounded<(string, long, byte[])>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RuntimeReply>> _replies = new();
    private readonly TaskCompletionSource<RuntimeReply> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;

    /// <summary>host:port, the value of AWS_LAMBDA_RUNTIME_API.</summary>
    public string Address { get; private set; } = "";

    /// <summary>When set, /next answers 500, as a broken Runtime API would.</summary>
    public bool FailNext { get; set; }

    public Task<RuntimeReply> InitError => _initError.Task;

    public static async Task<FakeRuntimeApi> StartAsync()
    {
        var api = new FakeRuntimeApi();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/2018-06-01/runtime/invocation/next", api.NextAsync);
        app.MapPost("/2018-06-01/runtime/invocation/{id}/response", (string id, HttpRequest request) => api.RecordAsync(id, "response", request));
        app.MapPost("/2018-06-01/runtime/invocation/{id}/error", (string id, HttpRequest request) => api.RecordAsync(id, "error", request));
        app.MapPost("/2018-06-01/runtime/init/error", async (HttpRequest request) =>
        {
            api._initError.TrySetResult(await ReadAsync("init-error", request));
            return Results.Accepted();
        });
        await app.StartAsync();
        api._app = app;
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        api.Address = $"{address.Host}:{address.Port}";
        return api;
    }

    /// <summary>Queues an event and waits for the runtime's answer to it.</summary>
    public async Task<RuntimeReply> InvokeAsync(string eventJson, TimeSpan? timeout = null)
    {
        var id = Guid.NewGuid().ToString("D");
        var reply = new TaskCompletionSource<RuntimeReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _replies[id] = reply;
        var deadline = DateTimeOffset.UtcNow.Add(timeout ?? TimeSpan.FromSeconds(30)).ToUnixTimeMilliseconds();
        await _events.Writer.WriteAsync((id, deadline, System.Text.Encoding.UTF8.GetBytes(eventJson)));
        return await reply.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        await _app.StopAndDisposeAsync();
    }

    private async Task NextAsync(HttpContext context)
    {
        if (FailNext)
        {
            context.Response.StatusCode = 500;
            return;
        }

        var (id, deadline, body) = await _events.Reader.ReadAsync(context.RequestAborted);
        context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = id;
        context.Response.Headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:token-broker";
        context.Response.Headers["Lambda-Runtime-Trace-Id"] = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1";
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private async Task<IResult> RecordAsync(string id, string kind, HttpRequest request)
    {
        var reply = await ReadAsync(kind, request);
        if (_replies.TryRemove(id, out var waiter))
        {
            waiter.TrySetResult(reply);
        }

        return Results.Accepted();
    }

    private static async Task<RuntimeReply> ReadAsync(string kind, HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        return new RuntimeReply(kind, request.Headers["Lambda-Runtime-Function-Error-Type"].ToString(), await reader.ReadToEndAsync());
    }
}
