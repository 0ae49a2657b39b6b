using TokenBroker.Host;
using TokenBroker.Host.Hosting;

WebApplication app;
try
{
    app = await BrokerApp.BuildAsync(args);
}
catch (Exception exception) when (exception is StartupFailedException or InvalidOperationException)
{
    // A setting or a dependency, not the code: one line and exit code 1, no stack trace.
    await Console.Error.WriteLineAsync(exception is StartupFailedException ? exception.Message : $"TokenBroker could not start: {exception.Message}");
    await ReportInitErrorAsync(exception);
    return 1;
}
catch (Exception exception) when (IsLambdaHosting())
{
    await ReportInitErrorAsync(exception);
    throw;
}

await app.RunAsync();
return 0;

// Lambda only learns why a custom runtime failed to start through /runtime/init/error (Runtime API), and retries the init.
static async Task ReportInitErrorAsync(Exception exception)
{
    if (IsLambdaHosting())
    {
        await LambdaRuntimeServer.ReportInitErrorAsync(Environment.GetEnvironmentVariable(LambdaRuntimeServer.RuntimeApiVariable) ?? "", exception);
    }
}

static bool IsLambdaHosting() =>
    string.Equals(Environment.GetEnvironmentVariable("TOKENBROKER_HOSTING"), BrokerSettings.LambdaHosting, StringComparison.Ordinal)
    && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(LambdaRuntimeServer.RuntimeApiVariable));
