using System.CommandLine;
using TokenBroker.Core.Ports;
using TokenBroker.Cli.DirectoryFiles;
using TokenBroker.Composition;
using TokenBroker.Core.Model;

namespace TokenBroker.Cli.Commands;

/// <summary><c>tokenbroker directory apply|show</c>: the declarative directory file.</summary>
internal static class DirectoryCommand
{
    public static Command Create(StoreOpener stores, CliTerminal terminal) => new("directory", "Apply or show the directory (accounts, users, groups, policies, roles).")
    {
        CreateApply(stores, terminal),
        CreateShow(stores),
    };

    private static Command CreateApply(StoreOpener stores, CliTerminal terminal)
    {
        var data = StoreOpener.CreateDataOption();
        var file = new Argument<FileInfo>("FILE") { Description = "The directory file (YAML); it describes the whole directory." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and list the changes without writing them." };
        var yes = new Option<bool>("--yes") { Description = "Apply deletions without asking (an interactive terminal asks before deleting anything)." };
        var allowDestructive = new Option<bool>("--allow-destructive")
        {
            Description = "Apply a plan that deletes every account or leaves no principal allowed iam:* (refused otherwise).",
        };
        var command = new Command("apply", "Make the directory exactly what FILE describes; invalid files are rejected whole.")
        {
            file, data, dryRun, yes, allowDestructive,
        };
        command.SetAction((parseResult, cancellationToken) => ApplyAsync(
            stores, terminal, parseResult, data, parseResult.GetRequiredValue(file),
            new ApplyOptions(parseResult.GetValue(dryRun), parseResult.GetValue(yes), parseResult.GetValue(allowDestructive)), cancellationToken));
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

    private static async Task<int> ApplyAsync(StoreOpener stores, CliTerminal terminal, ParseResult parseResult, Option<string?> data,
        FileInfo file, ApplyOptions options, CancellationToken cancellationToken)
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

            foreach (var warning in AccessReport.Warnings(plan.Desired))
            {
                await console.Output.WriteLineAsync(warning);
            }

            if (plan.Changes.Count == 0)
            {
                await console.Output.WriteLineAsync("No changes.");
                return 0;
            }

            return await PrintAndWriteAsync(store, terminal, console, current, plan, options, cancellationToken);
        }, cancellationToken);
    }

    // The plan is printed first, always: what would be written, whether or not it is.
    private static async Task<int> PrintAndWriteAsync(BrokerStores store, CliTerminal terminal, InvocationConfiguration console,
        DirectoryView current, ApplyPlan plan, ApplyOptions options, CancellationToken cancellationToken)
    {
        foreach (var change in plan.Changes)
        {
            await console.Output.WriteLineAsync(change);
        }

        if (AccessReport.Summaries(plan.Desired) is { Count: > 0 } summaries)
        {
            await console.Output.WriteLineAsync("Access summary (policy summaries per service):");
            foreach (var line in summaries)
            {
                await console.Output.WriteLineAsync(line);
            }
        }

        var destructive = DestructiveChanges.Find(current.Snapshot, plan.Desired);
        if (options.DryRun)
        {
            await console.Output.WriteLineAsync($"Dry run: {plan.Changes.Count} changes not applied."
                + (destructive.Count > 0 && !options.AllowDestructive ? $" Applying them needs --allow-destructive: {string.Join("; ", destructive)}." : ""));
            return 0;
        }

        if (destructive.Count > 0 && !options.AllowDestructive)
        {
            await console.Error.WriteLineAsync(
                $"Refusing to apply: {string.Join("; ", destructive)}. Give --allow-destructive to apply it anyway; nothing was written.");
            return 1;
        }

        if (!await ConfirmDeletionsAsync(terminal, console, plan.Changes, options.Yes))
        {
            await console.Error.WriteLineAsync("Not confirmed; nothing was written.");
            return 1;
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
        await PrintNewProxyKeysAsync(console.Output, plan.NewProxyKeys);
        return 0;
    }

    // A person at a terminal confirms any deletion; a script (no terminal) or --yes does not get asked.
    private static async Task<bool> ConfirmDeletionsAsync(CliTerminal terminal, InvocationConfiguration console, IReadOnlyList<string> changes, bool yes)
    {
        var deletions = changes.Count(c => c.StartsWith("- ", StringComparison.Ordinal));
        if (deletions == 0 || yes || !terminal.IsInteractive)
        {
            return true;
        }

        await console.Output.WriteAsync($"Apply {changes.Count} changes, including {deletions} deletion(s)? [y/N] ");
        var answer = terminal.ReadLine()?.Trim();
        return string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) || string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase);
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

    private static async Task PrintNewProxyKeysAsync(TextWriter output, IReadOnlyList<NewProxyKey> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }

        await output.WriteLineAsync("New proxy keys (the secrets are shown only now and stored hashed; send them as X-TokenBroker-Proxy-Key: ID:SECRET):");
        foreach (var key in keys)
        {
            await output.WriteLineAsync($"  service {key.Service} ProxyKeyId={key.Id} Secret={key.Secret}");
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
