using System.CommandLine;
using System.Globalization;
using TokenBroker.Composition;
using TokenBroker.Embedded;

namespace TokenBroker.Cli.Commands;

/// <summary>
/// <c>tokenbroker backup --to FOLDER</c> and <c>tokenbroker restore --from FOLDER [--force]</c> for the embedded store
/// (EmbeddedBackup: SQLite's online backup API, safe while the broker runs). DynamoDB has point-in-time recovery
/// instead (docs/operations.md, "Backup and restore").
/// </summary>
internal static class BackupCommand
{
    public static Command CreateBackup(StoreOpener stores)
    {
        var data = StoreOpener.CreateDataOption();
        var to = new Option<string>("--to") { Description = "A new folder to write the backup to (the database and the root key; keep it as secret as the data folder).", Required = true };
        var command = new Command("backup", "Back up the embedded store (database and local root key) consistently, also while the broker runs.") { data, to };
        command.SetAction((parseResult, cancellationToken) => RunAsync(stores, parseResult, data, async settings =>
        {
            var summary = await EmbeddedBackup.BackupAsync(settings.DataFolder, parseResult.GetValue(to)!, cancellationToken);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(Describe("Backed up", summary));
            return 0;
        }));
        return command;
    }

    public static Command CreateRestore(StoreOpener stores)
    {
        var data = StoreOpener.CreateDataOption();
        var from = new Option<string>("--from") { Description = "The backup folder written by tokenbroker backup.", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace a store that is open, newer than the backup, or under another root key." };
        var command = new Command("restore", "Restore the embedded store from a backup; refuses to replace a running or newer store without --force.") { data, from, force };
        command.SetAction((parseResult, cancellationToken) => RunAsync(stores, parseResult, data, async settings =>
        {
            var summary = await EmbeddedBackup.RestoreAsync(parseResult.GetValue(from)!, settings.DataFolder, parseResult.GetValue(force), cancellationToken);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(Describe("Restored", summary));
            return 0;
        }));
        return command;
    }

    private static Task<int> RunAsync(StoreOpener stores, ParseResult parseResult, Option<string?> data, Func<StoreSettings, Task<int>> action) =>
        stores.RunAsync(parseResult, data, async settings =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (!settings.IsSqlite)
            {
                await error.WriteLineAsync("backup and restore work on the embedded (SQLite) store; DynamoDB uses point-in-time recovery (docs/operations.md).");
                return 1;
            }

            try
            {
                return await action(settings);
            }
            catch (BackupException exception)
            {
                await error.WriteLineAsync(exception.Message);
                return 1;
            }
        });

    private static string Describe(string verb, BackupSummary summary) => string.Create(CultureInfo.InvariantCulture,
        $"{verb}: schema {summary.SchemaVersion}, {summary.Bytes} bytes, newest audit record {summary.NewestAuditRecord?.ToString("O", CultureInfo.InvariantCulture) ?? "none"}.");
}
