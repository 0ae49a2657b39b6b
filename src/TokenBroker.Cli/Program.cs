using System.CommandLine;
using TokenBroker.Cli.Commands;

var root = new RootCommand("tokenbroker: administer a TokenBroker data folder")
{
    InitCommand.Create(TimeProvider.System),
    DirectoryCommand.Create(TimeProvider.System),
    PolicyCommand.Create(),
};
return root.Parse(args).Invoke();
