using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace TokenBroker.Host.Hosting;

/// <summary>
/// Serves the app through the AWS Lambda Runtime API instead of a socket (reference/hosting.md §1): fetch the next
/// invocation, turn the HTTP API payload 2.0 event into an HTTP request, run it through the ASP.NET Core pipeline,
/// and post the response. Chosen only by TOKENBROKER_HOSTING=lambda, never by sniffing AWS_LAMBDA_* variables. With an
/// event handler (TOKENBROKER_LAMBDA_EVENTS=authorizer) each event goes to it instead, and its answer is the response.
/// </summary>
internal sealed partial class LambdaRuntimeServer : IServer
{
    /// <summary>The Runtime API's address variable, set by Lambda in a custom runtime (host:port).</summary>
    public const string RuntimeApiVariable = "AWS_LAMBDA_RUNTIME_API";

    private const string ApiVersion = "2018-06-01";
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<LambdaRuntimeServer> _logger;
    private readonly Func<ReadOnlyMemory<byte>, CancellationToken, Task<byte[]>>? _eventHandler;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public LambdaRuntimeServer(
        string runtimeApi, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<LambdaRuntimeServer> logger,
        Func<ReadOnlyMemory<byte>, CancellationToken, Task<byte[]>>? eventHandler = null)
    {
        _eventHandler = eventHandler;
        _base = RuntimeBase(runtimeApi);
        _http = CreateClient();
        _time = time;
        _lifetime = lifetime;
        _logger = logger;
    }

    /// <inheritdoc />
    public IFeatureCollection Features { get; } = new FeatureCollection();

    /// <summary>Reports a start-up failure to the Runtime API (POST /runtime/init/error); Lambda then ends the environment.</summary>
    public static async Task ReportInitErrorAsync(string runtimeApi, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        using var http = CreateClient();
        using var content = ErrorContent(exception);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(RuntimeBase(runtimeApi), "runtime/init/error")) { Content = content };
        request.Headers.Add("Lambda-Runtime-Function-Error-Type", "Runtime.InitError");
        using var response = await http.SendAsync(request);
    }

    /// <inheritdoc />
    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        _loop = Task.Run(() => RunAsync(application, _stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _http.Dispose();
    }

    private static Uri RuntimeBase(string runtimeApi) =>
        new($"http://{runtimeApi}/{ApiVersion}/", UriKind.Absolute);

    // The /next call blocks until an event arrives, for as long as the environment is frozen: no client timeout.
    private static HttpClient CreateClient() => new(new SocketsHttpHandler { UseProxy = false, UseCookies = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private async Task RunAsync<TContext>(IHttpApplication<TContext> application, CancellationToken stopping)
        where TContext : notnull
    {
        while (!stopping.IsCancellationRequested)
        {
            LambdaInvocation invocation;
            try
            {
                invocation = await NextAsync(stopping);
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested)
            {
                // The Runtime API is gone or broken: the runtime must exit and let Lambda start a new environment.
                LogRuntimeApiFailed(_logger, exception);
                Environment.ExitCode = 1;
                _lifetime.StopApplication();
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await InvokeAsync(application, invocation, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Stopped while answering: the platform times the invocation out; stopping itself must not fail.
                return;
            }
        }
    }

    private async Task<LambdaInvocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(_base, "runtime/invocation/next"), cancellationToken);
        response.EnsureSuccessStatusCode();
        var requestId = Header(response.Headers, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new InvalidDataException("The Runtime API sent an invocation without Lambda-Runtime-Aws-Request-Id.");
        var deadline = long.TryParse(Header(response.Headers, "Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : _time.GetUtcNow().AddMinutes(15);
        return new LambdaInvocation(requestId, deadline, await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    private async Task InvokeAsync<TContext>(IHttpApplication<TContext> application, LambdaInvocation invocation, CancellationToken stopping)
        where TContext : notnull
    {
        try
        {
            if (_eventHandler is not null)
            {
                await HandleEventAsync(_eventHandler, invocation, stopping);
                return;
            }

            var request = JsonSerializer.Deserialize(invocation.Event, LambdaJsonContext.Default.HttpApiRequest);
            if (request?.RequestContext?.Http?.Method is null)
            {
                await PostErrorAsync(invocation.RequestId, "Runtime.InvalidEvent", new InvalidDataException("The event is not an HTTP API payload 2.0 event."), stopping);
                return;
            }

            var remaining = invocation.Deadline - _time.GetUtcNow();
            using var deadline = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _time);
            using var aborted = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, stopping);
            var response = await HttpApiInvocation.RunAsync(application, request, invocation.RequestId, aborted.Token);
            await PostAsync(new Uri(_base, $"runtime/invocation/{Uri.EscapeDataString(invocation.RequestId)}/response"),
                JsonContent(response), null, stopping);
        }
        catch (Exception exception) when (!stopping.IsCancellationRequested)
        {
            LogInvocationFailed(_logger, exception, invocation.RequestId);
            await PostErrorAsync(invocation.RequestId, exception is JsonException ? "Runtime.InvalidEvent" : "Runtime.UnhandledException", exception, stopping);
        }
    }

    private async Task HandleEventAsync(
        Func<ReadOnlyMemory<byte>, CancellationToken, Task<byte[]>> handler, LambdaInvocation invocation, CancellationToken stopping)
    {
        var remaining = invocation.Deadline - _time.GetUtcNow();
        using var deadline = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _time);
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, stopping);
        var answer = await handler(invocation.Event, aborted.Token);
        var content = new ByteArrayContent(answer);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await PostAsync(new Uri(_base, $"runtime/invocation/{Uri.EscapeDataString(invocation.RequestId)}/response"), content, null, stopping);
    }

    private async Task PostErrorAsync(string requestId, string errorType, Exception exception, CancellationToken cancellationToken)
    {
        try
        {
            await PostAsync(new Uri(_base, $"runtime/invocation/{Uri.EscapeDataString(requestId)}/error"), ErrorContent(exception), errorType, cancellationToken);
        }
        catch (Exception postFailure) when (!cancellationToken.IsCancellationRequested)
        {
            LogRuntimeApiFailed(_logger, postFailure);
        }
    }

    private async Task PostAsync(Uri uri, HttpContent content, string? errorType, CancellationToken cancellationToken)
    {
        using (content)
        using (var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content })
        {
            if (errorType is not null)
            {
                request.Headers.Add("Lambda-Runtime-Function-Error-Type", errorType);
            }

            using var response = await _http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
        }
    }

    private static ByteArrayContent JsonContent(HttpApiResponse response)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(response, LambdaJsonContext.Default.HttpApiResponse));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    // The error document names the exception type only: messages can carry request data, which Lambda would log.
    private static ByteArrayContent ErrorContent(Exception exception)
    {
        var error = new LambdaError("The broker failed to handle the invocation.", exception.GetType().Name, []);
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(error, LambdaJsonContext.Default.LambdaError));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    [LoggerMessage(Level = LogLevel.Critical, Message = "The Lambda Runtime API failed; the runtime exits")]
    private static partial void LogRuntimeApiFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Invocation {RequestId} failed")]
    private static partial void LogInvocationFailed(ILogger logger, Exception exception, string requestId);
}
