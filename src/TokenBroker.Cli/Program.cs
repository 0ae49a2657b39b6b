using System.CommandLine;
using TokenBroker.Cli;
using TokenBroker.Cli.Commands;

var stores = new StoreOpener(Environment.GetEnvironmentVariable, TimeProvider.System);
return CliApp.Run(CliApp.Create(stores, CliTerminal.FromConsole()), args, new InvocationConfiguration());
