using System.CommandLine;

var root = new RootCommand("tokenbroker: administer a TokenBroker data folder");
return root.Parse(args).Invoke();
