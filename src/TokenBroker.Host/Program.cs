using TokenBroker.Host;
using TokenBroker.Host.Hosting;

WebApplication app;
try
{
    app = await BrokerApp.BuildAsync(args);
}
catch (Exception exception) when (IsLambdaHosting())
{
    // Lambda only learns why a custom runtime failed to start through /runtime/init/error (Runtime API).
    await LambdaRuntimeServer.ReportInitErrorAsync(Environment.GetEnvironmentVariable(LambdaRuntimeServer.RuntimeApiVariable) ?? "", exception);
    throw;
}

await app.RunAsync();

static bool IsLambdaHosting() =>
    string.Equals(Environment.GetEnvironmentVariable("TOKENBROKER_HOSTING"), BrokerSettings.LambdaHosting, StringComparison.Ordinal)
    && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(LambdaRuntimeServer.RuntimeApiVariable));
