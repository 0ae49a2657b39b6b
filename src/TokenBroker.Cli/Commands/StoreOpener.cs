using System.CommandLine;
using TokenBroker.Composition;
using TokenBroker.Embedded;

namespace TokenBroker.Cli.Commands;

/// <summary>
/// Opens the stores the TOKENBROKER_* settings name, through the same <see cref="StoreSettings"/> and
/// <see cref="BrokerStores"/> as the Host, so the CLI administers the store the broker serves (SQLite, or DynamoDB
/// with KMS). <c>--data</c> overrides TOKENBROKER_DATA. Store failures (missing table or key, access denied,
/// unreachable service, uninitialized data folder) become one line on stderr and exit code 1, never a stack trace.
/// </summary>
internal sealed class StoreOpener(Func<string, string?> setting, TimeProvider time)
{
    /// <summary>The clock for cutoffs, key creation dates and directory plans.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>The <c>--data</c> option every store command takes.</summary>
    public static Option<string?> CreateDataOption() => new("--data")
    {
        Description = $"The data folder of the SQLite store and local key (default: ${EmbeddedStore.DataFolderVariable}, else ./{EmbeddedStore.DefaultDataFolder}).",
    };

    /// <summary>Reads the settings and runs <paramref name="action"/>, reporting store failures as one line.</summary>
    public async Task<int> RunAsync(ParseResult parseResult, Option<string?> data, Func<StoreSettings, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(action);
        var error = parseResult.InvocationConfiguration.Error;
        StoreSettings settings;
        try
        {
            var dataFolder = parseResult.GetValue(data);
            settings = StoreSettings.From(name =>
                name == EmbeddedStore.DataFolderVariable && !string.IsNullOrWhiteSpace(dataFolder) ? dataFolder : setting(name));
        }
        catch (InvalidOperationException exception)
        {
            await error.WriteLineAsync(exception.Message);
            return 1;
        }

        try
        {
            return await action(settings);
        }
        catch (Exception exception) when (StoreFailures.Describe(exception, settings) is { } message)
        {
            await error.WriteLineAsync(message);
            return 1;
        }
    }

    /// <summary>Opens the stores and runs <paramref name="action"/> on them, reporting store failures as one line.</summary>
    public Task<int> RunWithStoresAsync(
        ParseResult parseResult, Option<string?> data, Func<BrokerStores, Task<int>> action, CancellationToken cancellationToken) =>
        RunAsync(parseResult, data, async settings =>
        {
            using var stores = await OpenAsync(settings, cancellationToken);
            return await action(stores);
        });

    /// <summary>
    /// Opens the stores that need no key ring (audit log, revocation cutoffs, the directory without secrets) and runs
    /// <paramref name="action"/> on them: these commands work while KMS is down, when an operator needs them most.
    /// </summary>
    public Task<int> RunWithUnsealedStoresAsync(
        ParseResult parseResult, Option<string?> data, Func<UnsealedStores, Task<int>> action, CancellationToken cancellationToken) =>
        RunAsync(parseResult, data, async settings =>
        {
            using var stores = await UnsealedStores.OpenAsync(settings, Time, cancellationToken);
            return await action(stores);
        });

    /// <summary>Opens the stores the settings name.</summary>
    public Task<BrokerStores> OpenAsync(StoreSettings settings, CancellationToken cancellationToken) =>
        BrokerStores.OpenAsync(settings, Time, cancellationToken);
}
