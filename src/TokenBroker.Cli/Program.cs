using System.CommandLine;

var root = new RootCommand("tokenbroker: administer a TokenBroker data folder");
root.Subcommands.Add(TokenBroker.Cli.Commands.PolicyCommand.Create());
return root.Parse(args).Invoke();
