using TokenBroker.Core.Ports;

namespace TokenBroker.Aws.Tests;

/// <summary>Helpers for outage tests: a bound on how long a failing call may take, and waiting for recovery.</summary>
public static class Outages
{
    /// <summary>Room on top of a deadline for a loaded two-core test machine; a call that waits out the SDK's own timeouts (30 s here) still fails the bound.</summary>
    public static readonly TimeSpan Slack = TimeSpan.FromSeconds(4);

    /// <summary>The StoreUnavailableException a call fails with; a call still running after <paramref name="bound"/> fails the test.</summary>
    public static async Task<StoreUnavailableException> FailsWithinAsync(TimeSpan bound, Func<Task> call)
    {
        var attempt = call();
        var finished = await Task.WhenAny(attempt, Task.Delay(bound));
        Assert.True(finished == attempt, $"The call was still running after {bound.TotalSeconds} s.");
        return await Assert.ThrowsAsync<StoreUnavailableException>(() => attempt);
    }

    /// <summary>Retries a call that fails with StoreUnavailableException until it succeeds, for at most <paramref name="bound"/>.</summary>
    public static async Task<T> RecoversWithinAsync<T>(TimeSpan bound, Func<Task<T>> call)
    {
        using var stop = new CancellationTokenSource(bound);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (StoreUnavailableException) when (!stop.IsCancellationRequested)
            {
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }
}
