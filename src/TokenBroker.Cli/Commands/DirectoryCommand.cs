using System.CommandLine;
using TokenBroker.Core.Ports;
using TokenBroker.Cli.DirectoryFiles;

namespace TokenBroker.Cli.Commands;

/// <summary><c>tokenbroker directory apply|show</c>: the declarative directory file.</summary>
internal static class DirectoryCommand
{
    public static Command Create(StoreOpener stores) => new("directory", "Apply or show the directory (accounts, users, groups, policies, roles).")
    {
        CreateApply(stores),
        CreateShow(stores),
    };

    private static Command CreateApply(StoreOpener stores)
    {
        var data = StoreOpener.CreateDataOption();
        var file = new Argument<FileInfo>("FILE") { Description = "The directory file (YAML); it describes the whole directory." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and list the changes without writing them." };
        var command = new Command("apply", "Make the directory exactly what FILE describes; invalid files are rejected whole.") { file, data, dryRun };
        command.SetAction((parseResult, cancellationToken) => ApplyAsync(
            stores, parseResult, data, parseResult.GetRequiredValue(file), parseResult.GetValue(dryRun), cancellationToken));
        return command;
    }

    private static Command CreateShow(StoreOpener stores)
    {
        var data = StoreOpener.CreateDataOption();
        var command = new Command("show", "Print the directory in the directory-file format (without secrets).") { data };
        // Read without the key ring (the output holds no secrets anyway), so it works while KMS is down.
        command.SetAction((parseResult, cancellationToken) => stores.RunWithUnsealedStoresAsync(parseResult, data, async store =>
        {
            await parseResult.InvocationConfiguration.Output.WriteAsync(DirectoryYamlWriter.Write(await store.ExportDirectoryAsync(cancellationToken)));
            return 0;
        }, cancellationToken));
        return command;
    }

    private static async Task<int> ApplyAsync(
        StoreOpener stores, ParseResult parseResult, Option<string?> data, FileInfo file, bool dryRun, CancellationToken cancellationToken)
    {
        var console = parseResult.InvocationConfiguration;
        if (!file.Exists)
        {
            await console.Error.WriteLineAsync($"{file.FullName}: no such file.");
            return 1;
        }

        var (parsed, errors) = DirectoryFileLoader.Load(
            file.Name, await File.ReadAllTextAsync(file.FullName, cancellationToken), file.DirectoryName ?? Environment.CurrentDirectory);
        if (parsed is null)
        {
            return await RejectAsync(console, errors);
        }

        return await stores.RunWithStoresAsync(parseResult, data, async store =>
        {
            var current = await store.Directory.LoadAsync(cancellationToken);
            var plan = DirectoryPlanner.Plan(parsed, current.Snapshot, stores.Time);
            if (plan.Errors.Count > 0)
            {
                return await RejectAsync(console, plan.Errors);
            }

            if (plan.Changes.Count == 0)
            {
                await console.Output.WriteLineAsync("No changes.");
                return 0;
            }

            foreach (var change in plan.Changes)
            {
                await console.Output.WriteLineAsync(change);
            }

            if (dryRun)
            {
                await console.Output.WriteLineAsync($"Dry run: {plan.Changes.Count} changes not applied.");
                return 0;
            }

            // Written only over the version the plan was made against: a concurrent apply is never silently undone.
            try
            {
                await store.Directory.ReplaceAsync(plan.Desired, current.Version, cancellationToken);
            }
            catch (DirectoryConflictException)
            {
                await console.Error.WriteLineAsync("The directory changed while this apply was planned; nothing was written. Run it again.");
                return 1;
            }

            await console.Output.WriteLineAsync($"Applied {plan.Changes.Count} changes.");
            await PrintNewKeysAsync(console.Output, plan.NewAccessKeys);
            return 0;
        }, cancellationToken);
    }

    private static async Task PrintNewKeysAsync(TextWriter output, IReadOnlyList<NewAccessKey> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }

        await output.WriteLineAsync("New access keys (the secret access keys are shown only now; store them):");
        foreach (var key in keys)
        {
            await output.WriteLineAsync($"  {key.UserArn} AccessKeyId={key.AccessKeyId} SecretAccessKey={key.SecretAccessKey}");
        }
    }

    private static async Task<int> RejectAsync(InvocationConfiguration console, IReadOnlyList<string> errors)
    {
        foreach (var error in errors)
        {
            await console.Error.WriteLineAsync(error);
        }

        await console.Error.WriteLineAsync($"{errors.Count} error(s); nothing was written.");
        return 1;
    }
}
