using System.Net;
using System.Text;
using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Host.Tests.Robustness;

/// <summary>The browser sign-in endpoints read only url-encoded forms; any other body is a 400 page, never a 500.</summary>
public sealed class SamlSignInBodyTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    public static TheoryData<string, string, string> Bodies => new()
    {
        { "/saml", "multipart/form-data; boundary=xyz", "SAMLResponse=abc" },
        { "/saml", "multipart/form-data", "--xyz\r\nContent-Disposition: form-data; name=\"SAMLResponse\"\r\n\r\nabc\r\n--xyz--\r\n" },
        { "/saml/acs/111111111111/Idp", "multipart/form-data; boundary=xyz", "not multipart at all" },
        { "/saml/role", "multipart/form-data; boundary=xyz", "state=abc&role=def" },
        { "/saml", "multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"SAMLResponse\"\r\n\r\nabc\r\n--xyz--\r\n" },
        { "/saml", "application/x-www-form-urlencoded; charset=utf-8", "SAMLResponse=%ZZ%" },
        { "/saml", "application/x-www-form-urlencoded", "SAMLResponse=" + new string('a', 2_000_000) },
        { "/saml", "application/json", "{\"SAMLResponse\":\"abc\"}" },
        { "/saml", "text/xml", "<x/>" },
        { "/saml", "", "SAMLResponse=abc" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task SamlSignIn_BodyThatIsNotAUrlEncodedForm_4xxPage(string path, string contentType, string body)
    {
        using var http = broker.Http();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType.Length > 0)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await http.PostAsync(path.TrimStart('/'), content);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.NotEqual(HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }
}
