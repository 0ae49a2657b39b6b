using System.Net;
using System.Text;
using System.Xml.Linq;
using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Host.Tests.Protocol;

public class MalformedRequestTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    private static readonly XNamespace Sts = "https://sts.amazonaws.com/doc/2011-06-15/";

    public static TheoryData<string, HttpStatusCode, string, string?> Bodies => new()
    {
        { "", HttpStatusCode.BadRequest, "MissingAction", "Missing Action" },
        { "Version=2011-06-15", HttpStatusCode.BadRequest, "MissingAction", "Missing Action" },
        { "Action=&Version=2011-06-15", HttpStatusCode.BadRequest, "MissingAction", "Missing Action" },
        { "Action=DoSomething&Version=2011-06-15", HttpStatusCode.BadRequest, "InvalidAction", "Could not find operation DoSomething for version 2011-06-15" },
        { "Action=GetCallerIdentity", HttpStatusCode.BadRequest, "InvalidAction", "Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED" },
        { "Action=GetCallerIdentity&Version=2011-06-15", HttpStatusCode.Forbidden, "MissingAuthenticationToken", "Request is missing Authentication Token" },
        { "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=abc", HttpStatusCode.Forbidden, "MissingAuthenticationToken", null },
        { "Action=%ZZ&Version=2011-06-15", HttpStatusCode.BadRequest, "MalformedQueryString", null },
        { "Action=GetCallerIdentity&Version=2011-06-15&Action=GetSessionToken", HttpStatusCode.BadRequest, "MalformedQueryString", null },
        { "Action=GetCallerIdentity&Version=2011-06-15&Policy=%C3%28", HttpStatusCode.BadRequest, "MalformedQueryString", null },
        { "Action=GetCallerIdentity&Version=2011-06-15&=x", HttpStatusCode.BadRequest, "MalformedQueryString", null },
        { "Action=GetCallerIdentity&Version=2011-06-15&RoleArn=%", HttpStatusCode.BadRequest, "MalformedQueryString", null },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Post_MalformedOrUnauthenticated_GetsExactError(string body, HttpStatusCode status, string code, string? message)
    {
        using var http = broker.Http();
        using var content = new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded");

        using var response = await http.PostAsync("/", content);

        await AssertError(response, status, code, message);
    }

    [Fact]
    public async Task Post_RawNonAsciiByteInBody_IsMalformedQueryString()
    {
        using var http = broker.Http();
        using var content = new ByteArrayContent([.. "Action=GetCallerIdentity&Version=2011-06-15&X="u8, 0xFF]);
        content.Headers.ContentType = new("application/x-www-form-urlencoded");

        using var response = await http.PostAsync("/", content);

        await AssertError(response, HttpStatusCode.BadRequest, "MalformedQueryString", null);
    }

    [Fact]
    public async Task Post_OversizedBody_IsRequestEntityTooLarge()
    {
        using var http = broker.Http();
        var body = "Action=GetCallerIdentity&Version=2011-06-15&Policy=" + new string('a', 600 * 1024);
        using var content = new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded");

        using var response = await http.PostAsync("/", content);

        await AssertError(response, HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge", null);
    }

    [Fact]
    public async Task Get_QueryStringParameters_AreAcceptedLikePost()
    {
        using var http = broker.Http();

        using var response = await http.GetAsync("/?Action=GetCallerIdentity&Version=2011-06-15");

        await AssertError(response, HttpStatusCode.Forbidden, "MissingAuthenticationToken", "Request is missing Authentication Token");
    }

    [Fact]
    public async Task Get_UnknownAction_IsInvalidAction()
    {
        using var http = broker.Http();

        using var response = await http.GetAsync("/?Action=ListBuckets&Version=2011-06-15");

        await AssertError(response, HttpStatusCode.BadRequest, "InvalidAction", "Could not find operation ListBuckets for version 2011-06-15");
    }

    [Fact]
    public async Task Post_BrokenAuthorizationHeader_IsIncompleteSignature()
    {
        using var http = broker.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Content = new StringContent("Action=GetCallerIdentity&Version=2011-06-15", Encoding.ASCII, "application/x-www-form-urlencoded");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20260101T000000Z");

        using var response = await http.SendAsync(request);

        await AssertError(response, HttpStatusCode.BadRequest, "IncompleteSignature", null);
    }

    private static async Task AssertError(HttpResponseMessage response, HttpStatusCode status, string code, string? message)
    {
        Assert.Equal(status, response.StatusCode);
        var requestId = Assert.Single(response.Headers.GetValues("x-amzn-RequestId"));
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = xml.Root!;
        Assert.Equal(Sts + "ErrorResponse", root.Name);
        var error = root.Element(Sts + "Error")!;
        Assert.Equal((int)status >= 500 ? "Receiver" : "Sender", error.Element(Sts + "Type")!.Value);
        Assert.Equal(code, error.Element(Sts + "Code")!.Value);
        if (message is not null)
        {
            Assert.Equal(message, error.Element(Sts + "Message")!.Value);
        }

        Assert.Equal(requestId, root.Element(Sts + "RequestId")!.Value);
    }
}
