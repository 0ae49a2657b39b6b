using System.Net;
using System.Text;
using TokenBroker.Core.Tests.WebIdentity;
using TokenBroker.Host.Tests.WebIdentity;

namespace TokenBroker.Host.Tests.Robustness;

/// <summary>The web identity inputs issue 11 found giving a 500, sent to a real broker: each must be a 400 InvalidIdentityToken.</summary>
public sealed class WebIdentityReportedInputsTests(WebIdentityBrokerFixture broker) : IClassFixture<WebIdentityBrokerFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AssumeRoleWithWebIdentity_InvalidUtf8InAlgOrIss_400InvalidIdentityToken(bool inAlg)
    {
        byte[] header = [.. "{\"alg\":\"RS"u8, .. (inAlg ? new byte[] { 0xFF } : []), .. "256\",\"kid\":\""u8, .. Encoding.UTF8.GetBytes(WebIdentityBrokerFixture.StaticKeyId), .. "\"}"u8];
        byte[] claims = [.. "{\"iss\":\""u8, .. Encoding.UTF8.GetBytes(broker.StaticIssuer), .. (inAlg ? [] : new byte[] { 0xC3, 0x28 }),
            .. "\",\"sub\":\"subject-1\",\"aud\":\"static-client\",\"exp\":4102444800}"u8];
        var token = TestJwt.B64(header) + "." + TestJwt.B64(claims) + "." + TestJwt.B64([1, 2, 3]);

        var (status, body) = await PostAsync(token);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("<Code>InvalidIdentityToken</Code>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_SignedExpAtEndOfTime_400InvalidIdentityTokenNotOverflow()
    {
        broker.SyncClock();
        var token = broker.StaticToken("subject-end-of-time", claims => claims["exp"] = 253_402_300_799);

        var (status, body) = await PostAsync(token);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("<Code>InvalidIdentityToken</Code>", body, StringComparison.Ordinal);
        Assert.Contains("valid for more than 24 hours", body, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string token)
    {
        using var http = broker.Http();
        using var content = new FormUrlEncodedContent(
        [
            new("Action", "AssumeRoleWithWebIdentity"), new("Version", "2011-06-15"),
            new("RoleArn", WebIdentityBrokerFixture.RoleArn("web-identity")), new("RoleSessionName", "s1"), new("WebIdentityToken", token),
        ]);
        using var response = await http.PostAsync("", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
