using System.CommandLine;
using TokenBroker.Cli.Commands;

var stores = new StoreOpener(Environment.GetEnvironmentVariable, TimeProvider.System);
var root = new RootCommand("tokenbroker: administer the store a TokenBroker serves (SQLite, or DynamoDB with KMS: TOKENBROKER_STORE)")
{
    InitCommand.Create(stores),
    DirectoryCommand.Create(stores),
    PolicyCommand.Create(),
    RevokeCommand.Create(stores),
    AuditCommand.Create(stores),
};
return root.Parse(args).Invoke();
