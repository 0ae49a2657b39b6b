using System.Net;
using System.Net.Sockets;
using System.Text;
using TokenBroker.Tests;

namespace TokenBroker.Aws.Tests;

/// <summary>
/// A loopback HTTP proxy in front of an emulator that can be switched to answer as a throttling, failing or hanging
/// service, then back to forwarding: lets a test watch a store fail closed and recover.
/// </summary>
public sealed class FaultyEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _forward = new(new SocketsHttpHandler { UseProxy = false });
    private readonly Uri _target;
    private readonly CancellationTokenSource _stop = new();

    public FaultyEndpoint(Uri target, string throttlingType)
    {
        _target = target;
        ThrottlingType = throttlingType;
        var port = LoopbackPort.Free();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public enum Mode
    {
        Forward,
        Throttle,
        Fail,
        Hang,
    }

    public Uri Endpoint { get; }

    public Mode Current { get; set; }

    private string ThrottlingType { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _forward.Dispose();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            switch (Current)
            {
                case Mode.Throttle:
                    await AnswerAsync(context, 400, $$"""{"__type":"{{ThrottlingType}}","message":"Rate exceeded"}""");
                    break;
                case Mode.Fail:
                    await AnswerAsync(context, 500, """{"__type":"InternalServerError","message":"failure"}""");
                    break;
                case Mode.Hang:
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    break;
                default:
                    await ForwardAsync(context);
                    break;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), new Uri(_target, context.Request.RawUrl))
        {
            Content = new ByteArrayContent(body.ToArray()),
        };
        foreach (var name in context.Request.Headers.AllKeys)
        {
            if (name is not null && !string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase) && !request.Headers.TryAddWithoutValidation(name, context.Request.Headers[name]))
            {
                request.Content.Headers.TryAddWithoutValidation(name, context.Request.Headers[name]);
            }
        }

        using var response = await _forward.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private static async Task AnswerAsync(HttpListenerContext context, int status, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.0";
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}
