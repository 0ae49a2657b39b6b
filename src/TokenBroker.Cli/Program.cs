using System.CommandLine;
using TokenBroker.Cli.Commands;

var root = new RootCommand("tokenbroker: administer a TokenBroker data folder")
{
    InitCommand.Create(TimeProvider.System),
    DirectoryCommand.Create(TimeProvider.System),
    PolicyCommand.Create(),
    RevokeCommand.Create(TimeProvider.System),
    AuditCommand.Create(),
};
return root.Parse(args).Invoke();
