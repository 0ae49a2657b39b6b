using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using TokenBroker.Cli.Commands;

namespace TokenBroker.Cli;

/// <summary>
/// The <c>tokenbroker</c> command tree and how it runs: every input error is one line on stderr and exit code 1, never
/// a stack trace. Parse errors are joined on one line (help stays behind --help); an exception that escapes a command is
/// a bug, reported as one line too.
/// </summary>
internal static class CliApp
{
    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand Create(StoreOpener stores, CliTerminal terminal) =>
        new("tokenbroker: administer the store a TokenBroker serves (SQLite, or DynamoDB with KMS: TOKENBROKER_STORE)")
        {
            InitCommand.Create(stores),
            DirectoryCommand.Create(stores, terminal),
            PolicyCommand.Create(),
            RevokeCommand.Create(stores),
            AuditCommand.Create(stores),
            BackupCommand.CreateBackup(stores),
            BackupCommand.CreateRestore(stores),
            ReportCommand.Create(stores),
            KeysCommand.Create(stores, terminal),
        };

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(RootCommand root, string[] args, InvocationConfiguration configuration)
    {
        var parseResult = root.Parse(args);
        if (parseResult.Action is ParseErrorAction)
        {
            var command = string.Join(' ', ["tokenbroker", .. CommandPath(parseResult)]);
            configuration.Error.WriteLine($"{OneLine(string.Join(' ', parseResult.Errors.Select(e => e.Message)))} (see `{command} --help`)");
            return 1;
        }

        configuration.EnableDefaultExceptionHandler = false;
        try
        {
            return parseResult.Invoke(configuration);
        }
        catch (Exception exception)
        {
            configuration.Error.WriteLine($"tokenbroker: unexpected {exception.GetType().Name}: {OneLine(exception.Message)}");
            return 1;
        }
    }

    private static List<string> CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result.Parent is CommandResult parent; result = parent)
        {
            names.Insert(0, result.Command.Name);
        }

        return names;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
