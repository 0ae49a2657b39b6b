using System.Diagnostics;
using System.Globalization;
using Polly;
using Polly.CircuitBreaker;
using TokenBroker.Core.Ports;

namespace TokenBroker.Aws;

/// <summary>
/// Bounds every call to one AWS dependency (DynamoDB or KMS). A total deadline covers the call with the SDK's own
/// retries, so a frozen dependency costs a request at most <see cref="Timeout"/>; a circuit breaker then stops calling
/// a dependency known to be down, so requests fail in milliseconds instead of each waiting out the deadline, and
/// after <see cref="BreakDuration"/> lets one call through as a probe, whose answer closes the circuit again.
/// Both failures end as <see cref="StoreUnavailableException"/>: the request fails closed with ServiceUnavailable.
/// </summary>
public sealed class DependencyGuard
{
    /// <summary>The deadline when none is configured (TOKENBROKER_DEPENDENCY_TIMEOUT_MS).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(2000);

    /// <summary>How long an open circuit refuses calls before it probes, when none is configured (TOKENBROKER_DEPENDENCY_BREAK_MS).</summary>
    public static readonly TimeSpan DefaultBreakDuration = TimeSpan.FromMilliseconds(2000);

    // The circuit opens when, within the sampling window, at least MinimumThroughput calls were made and at least half
    // of them failed: a handful of failures is enough for a broker with little traffic to stop waiting on a dead service.
    // The window is as long as the deadline (at least a second): by the time the first calls to a frozen service time
    // out, the successes from before it froze have left the window, so the circuit opens on the first failures.
    private const double FailureRatio = 0.5;
    private const int MinimumThroughput = 3;
    private static readonly TimeSpan MinimumSamplingDuration = TimeSpan.FromSeconds(1);

    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly TimeProvider _time;
    private Func<CancellationToken, Task>? _probe;

    /// <summary>Creates the guard of one dependency; <paramref name="time"/> is the wall clock the deadline and break run on.</summary>
    public DependencyGuard(string service, TimeSpan timeout, TimeSpan breakDuration, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        Service = service;
        Timeout = timeout;
        BreakDuration = breakDuration;
        _time = time ?? TimeProvider.System;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = FailureRatio,
                MinimumThroughput = MinimumThroughput,
                SamplingDuration = timeout > MinimumSamplingDuration ? timeout : MinimumSamplingDuration,
                BreakDuration = breakDuration,
                StateProvider = _circuit,
                // Only an unreachable, hanging or failing service counts. Throttling means it is up and asks for less;
                // AWS's own refusals (access denied, missing key) and a caller that went away say nothing about it.
                ShouldHandle = arguments => ValueTask.FromResult(arguments.Outcome.Exception is StoreUnavailableException { IsThrottled: false }),
            })
            .Build();
    }

    /// <summary>The dependency's name as messages and readiness report it: DynamoDB or KMS.</summary>
    public string Service { get; }

    /// <summary>The total time one call may take, the SDK's retries included.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>How long an open circuit refuses calls before one call probes the dependency.</summary>
    public TimeSpan BreakDuration { get; }

    /// <summary>The circuit's state: readiness reports a dependency whose circuit is not closed.</summary>
    public DependencyState State => _circuit.CircuitState switch
    {
        CircuitState.Closed => DependencyState.Closed,
        CircuitState.HalfOpen => DependencyState.HalfOpen,
        _ => DependencyState.Open,
    };

    /// <summary>
    /// Probes a dependency whose circuit is not closed, as traffic would (nothing happens while the break lasts), so
    /// that a broker taken out of rotation while a dependency was down still notices when it returns. Returns the state after.
    /// </summary>
    public async Task<DependencyState> ProbeAsync(CancellationToken cancellationToken)
    {
        if (State != DependencyState.Closed && Volatile.Read(ref _probe) is { } probe)
        {
            try
            {
                await RunAsync(probe, cancellationToken);
            }
            catch (StoreUnavailableException)
            {
                // Still down (or still in its break): the state says so.
            }
        }

        return State;
    }

    /// <summary>
    /// The guard of an adapter opened without settings (tests, tools that build adapters directly): a 30 s deadline,
    /// so the SDK client's own timeouts decide, and the default break. The broker and the CLI pass the configured ones.
    /// </summary>
    public static DependencyGuard CreateDefault(string service) => new(service, TimeSpan.FromSeconds(30), DefaultBreakDuration);

    /// <summary>
    /// Runs one call (with the SDK's retries) within the deadline and through the circuit. Infrastructure failures
    /// become <see cref="StoreUnavailableException"/>; the caller's own cancellation passes through unchanged.
    /// </summary>
    internal async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        // A child of the request's span (OpenTelemetry): which dependency was called, and how it went.
        using var activity = DependencyTelemetry.Source.StartActivity(Service, ActivityKind.Client);
        activity?.SetTag("tokenbroker.dependency", Service);
        var started = _time.GetTimestamp();
        var outcome = "refused";
        try
        {
            var result = await _pipeline.ExecuteAsync(token => new ValueTask<T>(CallWithDeadlineAsync(call, token)), cancellationToken);
            outcome = "ok";
            return result;
        }
        catch (BrokenCircuitException exception)
        {
            outcome = "unavailable";
            throw new StoreUnavailableException($"{Service} is unavailable: it failed moments ago and is not called again until a probe succeeds.", isThrottled: false, exception);
        }
        catch (StoreUnavailableException exception)
        {
            outcome = exception.IsThrottled ? "throttled" : "unavailable";
            throw;
        }
        finally
        {
            activity?.SetTag("tokenbroker.outcome", outcome);
            if (outcome is not "ok")
            {
                activity?.SetStatus(ActivityStatusCode.Error);
            }

            DependencyTelemetry.Record(Service, outcome, _time.GetElapsedTime(started));
        }
    }

    /// <summary>Runs one call that returns nothing; see <see cref="RunAsync{T}"/>.</summary>
    internal Task RunAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        RunAsync(async token =>
        {
            await call(token);
            return true;
        }, cancellationToken);

    /// <summary>Names the cheapest read that shows the dependency answers (the adapter over it knows which).</summary>
    internal void SetProbe(Func<CancellationToken, Task> probe) => Volatile.Write(ref _probe, probe);

    private async Task<T> CallWithDeadlineAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(Timeout, _time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            // WaitAsync holds the deadline even for a call that stops listening to its token (an SDK retry delay).
            return await call(deadline.Token).WaitAsync(deadline.Token);
        }
        catch (Exception exception) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested && exception is not StoreUnavailableException)
        {
            throw new StoreUnavailableException(
                string.Create(CultureInfo.InvariantCulture, $"{Service} did not answer within {Timeout.TotalMilliseconds:0} ms."), isThrottled: false, exception);
        }
        catch (Exception exception) when (AwsFaults.Translate(Service, exception, cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }
}
