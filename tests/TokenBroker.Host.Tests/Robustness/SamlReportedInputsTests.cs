using System.Net;
using TokenBroker.Host.Tests.Saml;

namespace TokenBroker.Host.Tests.Robustness;

/// <summary>A signed SAML response whose NotOnOrAfter is the end of time, sent to a real broker: a 400, never a 500.</summary>
public sealed class SamlReportedInputsTests(SamlBrokerFixture broker) : IClassFixture<SamlBrokerFixture>
{
    private static readonly DateTimeOffset EndOfTime = new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);

    [Fact]
    public async Task AssumeRoleWithSaml_NotOnOrAfterAtEndOfTime_400InvalidIdentityTokenNotOverflow()
    {
        broker.SyncClock();
        var template = broker.Template();
        var assertion = broker.Issue(template with { Lifetime = EndOfTime - template.Issued, SessionLifetime = TimeSpan.FromHours(1) });
        using var http = broker.Http();
        using var content = new FormUrlEncodedContent(
        [
            new("Action", "AssumeRoleWithSAML"), new("Version", "2011-06-15"), new("RoleArn", SamlDirectory.ReaderArn),
            new("PrincipalArn", SamlDirectory.ProviderArn), new("SAMLAssertion", assertion),
        ]);

        using var response = await http.PostAsync("", content);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>InvalidIdentityToken</Code>", body, StringComparison.Ordinal);
        Assert.Contains("valid for more than 24 hours", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SamlSignIn_NotOnOrAfterAtEndOfTime_400PageNotOverflow()
    {
        broker.SyncClock();
        var template = broker.Template();
        var assertion = broker.Issue(template with { Lifetime = EndOfTime - template.Issued, SessionLifetime = TimeSpan.FromHours(1) });
        using var http = broker.Http();

        using var response = await http.PostAsync("saml", new FormUrlEncodedContent([new("SAMLResponse", assertion)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("valid for more than 24 hours", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
