using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using TokenBroker.Host.Tests.Hosting;

namespace TokenBroker.Host.Tests.DataPlane;

/// <summary>
/// The data-plane broker on a socket (to mint sessions) and, over the same stores and clock, the broker as a Lambda
/// authorizer for service "orders" (TOKENBROKER_LAMBDA_EVENTS=authorizer) served through a <see cref="FakeRuntimeApi"/>.
/// </summary>
public class LambdaAuthorizerFixture : IAsyncLifetime
{
    private WebApplication? _authorizer;

    public DataPlaneBrokerFixture Broker { get; } = new();

    public FakeRuntimeApi RuntimeApi { get; private set; } = null!;

    /// <summary>The authorizer's own services (its settings, its revocation cache).</summary>
    public IServiceProvider AuthorizerServices => _authorizer!.Services;

    public async Task InitializeAsync()
    {
        await Broker.InitializeAsync();
        RuntimeApi = await FakeRuntimeApi.StartAsync();
        _authorizer = await BrokerApp.BuildAsync([], Broker.Time, configuration => configuration.AddInMemoryCollection(
        [
            .. Broker.StartSettings,
            new("TOKENBROKER_HOSTING", "lambda"),
            new("TOKENBROKER_LAMBDA_EVENTS", "authorizer"),
            new("TOKENBROKER_AUTHORIZER_SERVICE", "orders"),
            new("AWS_LAMBDA_RUNTIME_API", RuntimeApi.Address),
        ]).AddInMemoryCollection(AuthorizerSettings()));
        await _authorizer.StartAsync();
    }

    /// <summary>Settings of the authorizer beyond the broker's, overriding them.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> AuthorizerSettings() => [];

    public async Task DisposeAsync()
    {
        if (_authorizer is not null)
        {
            await _authorizer.StopAsync();
            await _authorizer.DisposeAsync();
        }

        await RuntimeApi.DisposeAsync();
        await Broker.DisposeAsync();
    }
}
