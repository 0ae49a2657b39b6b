using Microsoft.AspNetCore.Builder;

namespace TokenBroker.Host.Tests;

/// <summary>How every test broker and stub server ends: stopped, then disposed.</summary>
internal static class WebApplicationShutdown
{
    /// <summary>Stops and disposes the application; nothing when it was never built (its fixture failed before that).</summary>
    public static async Task StopAndDisposeAsync(this WebApplication? app)
    {
        if (app is null)
        {
            return;
        }

        await app.StopAsync();
        await app.DisposeAsync();
    }
}
