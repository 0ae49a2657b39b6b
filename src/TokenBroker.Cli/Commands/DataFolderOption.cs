using System.CommandLine;
using TokenBroker.Embedded;

namespace TokenBroker.Cli.Commands;

/// <summary>The <c>--data</c> option every command takes; it falls back to TOKENBROKER_DATA, then ./.tokenbroker.</summary>
internal static class DataFolderOption
{
    public static Option<string?> Create() => new("--data")
    {
        Description = $"The data folder (default: ${EmbeddedStore.DataFolderVariable}, else ./{EmbeddedStore.DefaultDataFolder}).",
    };

    public static string Resolve(ParseResult parseResult, Option<string?> option) => EmbeddedStore.ResolveDataFolder(parseResult.GetValue(option));
}
