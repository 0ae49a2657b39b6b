using System.CommandLine;
using TokenBroker.Cli.DirectoryFiles;
using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Model;

namespace TokenBroker.Cli.Commands;

/// <summary>
/// <c>tokenbroker policy summary FILE... [--directory-file DIR.yaml]</c>: per service, the access a set of policy
/// documents grants (Full access, or Full/Limited per access level), from the built-in catalogs (sts, iam, tokenbroker) and
/// the services a directory file declares.
/// </summary>
internal static class PolicySummaryCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "Policy documents (JSON), taken together as one principal's policies.", Arity = ArgumentArity.OneOrMore };
        var directoryFile = new Option<FileInfo?>("--directory-file") { Description = "A directory file whose services' catalogs are used too." };
        var command = new Command("summary", "Show per service the access levels the policies grant (IAM policy summaries).") { files, directoryFile };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var documents = new List<string>();
            foreach (var file in parseResult.GetRequiredValue(files))
            {
                if (!file.Exists)
                {
                    await error.WriteLineAsync($"{file.FullName}: no such file.");
                    return 1;
                }

                documents.Add(await File.ReadAllTextAsync(file.FullName, cancellationToken));
            }

            var snapshot = DirectorySnapshot.Empty;
            if (parseResult.GetValue(directoryFile) is { } directory)
            {
                var text = directory.Exists ? await File.ReadAllTextAsync(directory.FullName, cancellationToken) : "";
                var (parsed, errors) = DirectoryFileLoader.Load(directory.Name, text, directory.DirectoryName ?? Environment.CurrentDirectory);
                if (parsed is null)
                {
                    foreach (var line in errors.DefaultIfEmpty($"{directory.FullName}: no such file."))
                    {
                        await error.WriteLineAsync(line);
                    }

                    return 1;
                }

                snapshot = DirectorySnapshot.Empty with { Services = ServicePlanner.Plan(parsed.Services, DirectorySnapshot.Empty).Services };
            }

            // Unknown actions are warnings on the error stream, as AWS accepts them; the summary alone goes to the output.
            var catalogs = AccessReport.Catalogs(snapshot);
            foreach (var (document, file) in documents.Zip(parseResult.GetRequiredValue(files)))
            {
                foreach (var action in PolicySummary.UnknownActions(document, catalogs))
                {
                    await error.WriteLineAsync($"warning: {file.Name} names {action}, {AccessReport.UnknownAction(action)}");
                }
            }

            var summary = PolicySummary.Summarize(documents, catalogs);
            foreach (var line in summary)
            {
                await output.WriteLineAsync(line.ToString());
            }

            if (summary.Count == 0)
            {
                await output.WriteLineAsync("No access to any known service.");
            }

            return 0;
        });
        return command;
    }
}
