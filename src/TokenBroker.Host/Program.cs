using TokenBroker.Host;

var app = await BrokerApp.BuildAsync(args);
await app.RunAsync();
