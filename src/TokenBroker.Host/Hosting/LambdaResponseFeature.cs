using Microsoft.AspNetCore.Http.Features;

namespace TokenBroker.Host.Hosting;

/// <summary>
/// The response of one invocation. Unlike <see cref="HttpResponseFeature"/>, it runs OnStarting and OnCompleted
/// callbacks, which middleware relies on to set headers and release resources.
/// </summary>
internal sealed class LambdaResponseFeature : IHttpResponseFeature
{
    private readonly Stack<(Func<object, Task> Callback, object State)> _onStarting = new();
    private readonly Stack<(Func<object, Task> Callback, object State)> _onCompleted = new();

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    public Stream Body { get; set; } = Stream.Null;

    public bool HasStarted { get; private set; }

    public void OnStarting(Func<object, Task> callback, object state) => _onStarting.Push((callback, state));

    public void OnCompleted(Func<object, Task> callback, object state) => _onCompleted.Push((callback, state));

    /// <summary>Runs the OnStarting callbacks once, last registered first (as Kestrel does).</summary>
    public async Task StartAsync()
    {
        if (HasStarted)
        {
            return;
        }

        HasStarted = true;
        while (_onStarting.TryPop(out var entry))
        {
            await entry.Callback(entry.State);
        }
    }

    /// <summary>Runs the OnCompleted callbacks, last registered first.</summary>
    public async Task CompleteAsync()
    {
        while (_onCompleted.TryPop(out var entry))
        {
            await entry.Callback(entry.State);
        }
    }
}
