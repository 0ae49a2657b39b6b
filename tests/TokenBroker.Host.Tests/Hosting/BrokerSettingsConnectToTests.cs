using System.Net;
using Microsoft.Extensions.Configuration;

namespace TokenBroker.Host.Tests.Hosting;

/// <summary>TOKENBROKER_OIDC_CONNECT_TO: HOST:PORT=ADDRESS:PORT pairs, as curl's --connect-to.</summary>
public class BrokerSettingsConnectToTests
{
    [Fact]
    public void From_ConnectToPairs_KeyedByLowerCaseHostAndPort()
    {
        var settings = BrokerSettings.From(Configuration("Token.Actions.GitHubUserContent.com:443=10.0.0.5:8443, gitlab.com:443=relay.internal:443"));

        Assert.Equal(new DnsEndPoint("10.0.0.5", 8443), settings.OidcConnectTo!["token.actions.githubusercontent.com:443"]);
        Assert.Equal(new DnsEndPoint("relay.internal", 443), settings.OidcConnectTo["gitlab.com:443"]);
    }

    [Theory]
    [InlineData("token.actions.githubusercontent.com=10.0.0.5:8443")]
    [InlineData("token.actions.githubusercontent.com:443")]
    [InlineData("token.actions.githubusercontent.com:443=10.0.0.5:99999")]
    [InlineData("a:443=b:443=c:443")]
    public void From_MalformedConnectTo_FailsAtStartUp(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => BrokerSettings.From(Configuration(value)));

        Assert.StartsWith("TOKENBROKER_OIDC_CONNECT_TO must be", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(string connectTo) =>
        new ConfigurationBuilder().AddInMemoryCollection([new("TOKENBROKER_OIDC_CONNECT_TO", connectTo)]).Build();
}
