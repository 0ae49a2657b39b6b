using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TokenBroker.Host.Hosting;

namespace TokenBroker.Host.Tests.Hosting;

/// <summary>The Runtime API server under a small echo app: what the app sees of an event, and what Lambda gets back.</summary>
public sealed class LambdaRuntimeServerTests : IAsyncLifetime
{
    private FakeRuntimeApi _api = null!;
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeRuntimeApi.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IServer>(provider => new LambdaRuntimeServer(
            _api.Address, TimeProvider.System, provider.GetRequiredService<IHostApplicationLifetime>(), NullLogger<LambdaRuntimeServer>.Instance));
        _app = builder.Build();
        _app.MapPost("/echo/{**rest}", EchoAsync);
        _app.MapGet("/slow", async (HttpContext context) => await Task.Delay(Timeout.Infinite, context.RequestAborted));
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAndDisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Invoke_DocumentationSample_AppSeesRawTargetHeadersCookiesSourceIpAndBody()
    {
        var sample = HttpApiEvents.With(HttpApiEvents.DocumentationSample, e => e["rawPath"] = "/echo/my%2Fpath");

        var reply = await _api.InvokeAsync(sample);

        var seen = JsonDocument.Parse(reply.Body).RootElement;
        Assert.Equal(200, reply.StatusCode);
        Assert.Equal("/echo/my%2Fpath?parameter1=value1&parameter1=value2&parameter2=value", seen.GetProperty("rawTarget").GetString());
        Assert.Equal("value1,value2", seen.GetProperty("header2").GetString());
        Assert.Equal("cookie1; cookie2", seen.GetProperty("cookie").GetString());
        Assert.Equal("id.execute-api.us-east-1.amazonaws.com", seen.GetProperty("host").GetString());
        Assert.Equal("192.0.2.1", seen.GetProperty("sourceIp").GetString());
        Assert.Equal("id", seen.GetProperty("traceIdentifier").GetString());
        Assert.Equal("Hello from Lambda", seen.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Invoke_Base64Body_AppSeesDecodedBytes()
    {
        byte[] bytes = [0, 1, 2, 0xFF, (byte)'&', (byte)'='];
        var binary = HttpApiEvents.With(HttpApiEvents.DocumentationSample, e =>
        {
            e["rawPath"] = "/echo/binary";
            e["body"] = Convert.ToBase64String(bytes);
            e["isBase64Encoded"] = true;
        });

        var reply = await _api.InvokeAsync(binary);

        Assert.Equal(Convert.ToBase64String(bytes), JsonDocument.Parse(reply.Body).RootElement.GetProperty("bodyBase64").GetString());
    }

    [Fact]
    public async Task Invoke_ResponseCookiesAndRepeatedHeaders_SentAsCookiesAndCommaJoinedHeader()
    {
        var sample = HttpApiEvents.With(HttpApiEvents.DocumentationSample, e => e["rawPath"] = "/echo/cookies");

        var reply = await _api.InvokeAsync(sample);

        Assert.Equal(["a=1; path=/; secure; httponly", "b=2; path=/"], reply.Cookies);
        Assert.Equal("one,two", reply.Header("x-repeated"));
        Assert.True(reply.Document.GetProperty("isBase64Encoded").GetBoolean());
    }

    [Fact]
    public async Task Invoke_PastDeadline_ReportsInvocationErrorAndKeepsServing()
    {
        var slow = HttpApiEvents.With(HttpApiEvents.DocumentationSample, e =>
        {
            e["rawPath"] = "/slow";
            e["requestContext"]!["http"]!["method"] = "GET";
        });

        var reply = await _api.InvokeAsync(slow, TimeSpan.FromMilliseconds(300));
        var next = await _api.InvokeAsync(HttpApiEvents.With(HttpApiEvents.DocumentationSample, e => e["rawPath"] = "/echo/after"));

        Assert.Equal("error", reply.Kind);
        Assert.Equal("Runtime.UnhandledException", reply.ErrorType);
        Assert.DoesNotContain("Hello", reply.Json, StringComparison.Ordinal);
        Assert.Equal(200, next.StatusCode);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"version":"2.0","rawPath":"/"}""")]
    public async Task Invoke_NotAnHttpApiEvent_ReportsInvalidEvent(string eventJson)
    {
        var reply = await _api.InvokeAsync(eventJson);

        Assert.Equal("error", reply.Kind);
        Assert.Equal("Runtime.InvalidEvent", reply.ErrorType);
    }

    [Fact]
    public async Task ReportInitErrorAsync_PostsInitErrorWithoutTheMessage()
    {
        await LambdaRuntimeServer.ReportInitErrorAsync(_api.Address, new InvalidOperationException("secret detail"));

        var error = await _api.InitError.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("Runtime.InitError", error.ErrorType);
        Assert.Equal("InvalidOperationException", error.Document.GetProperty("errorType").GetString());
        Assert.DoesNotContain("secret detail", error.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuntimeApiFailing_StopsTheApplication()
    {
        var lifetime = _app.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = new TaskCompletionSource();
        lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        _api.FailNext = true;

        // The runtime is blocked in /next; one more event lets it come back and find /next failing.
        _ = _api.InvokeAsync(HttpApiEvents.With(HttpApiEvents.DocumentationSample, e => e["rawPath"] = "/echo/last"));

        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Environment.ExitCode = 0;
    }

    private static async Task EchoAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        if (context.Request.Path.Value!.EndsWith("/cookies", StringComparison.Ordinal))
        {
            context.Response.Cookies.Append("a", "1", new CookieOptions { Secure = true, HttpOnly = true });
            context.Response.Cookies.Append("b", "2");
            context.Response.Headers.Append("x-repeated", "one");
            context.Response.Headers.Append("x-repeated", "two");
        }

        var request = context.Request;
        await context.Response.WriteAsJsonAsync(new Dictionary<string, string?>
        {
            ["rawTarget"] = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget,
            ["header2"] = request.Headers["header2"],
            ["cookie"] = request.Headers.Cookie,
            ["host"] = request.Headers.Host,
            ["sourceIp"] = context.Connection.RemoteIpAddress?.ToString(),
            ["traceIdentifier"] = context.TraceIdentifier,
            ["body"] = System.Text.Encoding.UTF8.GetString(body.ToArray()),
            ["bodyBase64"] = Convert.ToBase64String(body.ToArray()),
        }, EchoJsonContext.Default.DictionaryStringString);
    }
}
