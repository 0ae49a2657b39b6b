using Microsoft.Extensions.Configuration;

namespace TokenBroker.Host.Tests.Hosting;

/// <summary>TOKENBROKER_LAMBDA_EVENTS and TOKENBROKER_AUTHORIZER_SERVICE (docs/authorize.md, "API Gateway HTTP API Lambda authorizer").</summary>
public class BrokerSettingsLambdaEventsTests
{
    [Fact]
    public void From_NoLambdaEventsSetting_ServesHttpEvents()
    {
        var settings = BrokerSettings.From(Configuration(("TOKENBROKER_HOSTING", "lambda")));

        Assert.False(settings.IsLambdaAuthorizer);
    }

    [Fact]
    public void From_AuthorizerWithService_IsLambdaAuthorizer()
    {
        var settings = BrokerSettings.From(Configuration(
            ("TOKENBROKER_HOSTING", "lambda"), ("TOKENBROKER_LAMBDA_EVENTS", "authorizer"), ("TOKENBROKER_AUTHORIZER_SERVICE", "orders")));

        Assert.True(settings.IsLambdaAuthorizer);
        Assert.Equal("orders", settings.AuthorizerService);
    }

    [Theory]
    [InlineData("lambda", "authorizer", "")]
    [InlineData("kestrel", "authorizer", "orders")]
    [InlineData("lambda", "Authorizer", "orders")]
    public void From_AuthorizerMisconfigured_Throws(string hosting, string events, string service)
    {
        var error = Assert.Throws<InvalidOperationException>(() => BrokerSettings.From(Configuration(
            ("TOKENBROKER_HOSTING", hosting), ("TOKENBROKER_LAMBDA_EVENTS", events), ("TOKENBROKER_AUTHORIZER_SERVICE", service))));

        Assert.Contains("TOKENBROKER_LAMBDA_EVENTS", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Name, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Name, s.Value))).Build();
}
