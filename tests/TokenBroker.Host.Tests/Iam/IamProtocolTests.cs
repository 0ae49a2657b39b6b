using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace TokenBroker.Host.Tests.Iam;

/// <summary>The IAM Query protocol on the broker's endpoint: dispatch by Version, IAM's envelope and namespace, the SigV4 scope.</summary>
public class IamProtocolTests(IamBrokerFixture broker) : IClassFixture<IamBrokerFixture>
{
    private static readonly XNamespace Iam = "https://iam.amazonaws.com/doc/2010-05-08/";

    [Fact]
    public async Task Post_UnknownIamAction_IsInvalidActionInIamEnvelope()
    {
        using var http = new HttpClient { BaseAddress = broker.Endpoint };
        using var content = new StringContent("Action=GetCallerIdentity&Version=2010-05-08", Encoding.ASCII, "application/x-www-form-urlencoded");

        using var response = await http.PostAsync("/", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var root = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal(Iam + "ErrorResponse", root.Name);
        var error = root.Element(Iam + "Error")!;
        Assert.Equal("Sender", error.Element(Iam + "Type")!.Value);
        Assert.Equal("InvalidAction", error.Element(Iam + "Code")!.Value);
        Assert.Equal("Could not find operation GetCallerIdentity for version 2010-05-08", error.Element(Iam + "Message")!.Value);
        Assert.Equal(Assert.Single(response.Headers.GetValues("x-amzn-RequestId")), root.Element(Iam + "RequestId")!.Value);
    }

    [Fact]
    public async Task Post_IamActionUnsigned_IsMissingAuthenticationToken()
    {
        using var http = new HttpClient { BaseAddress = broker.Endpoint };
        using var content = new StringContent("Action=ListUsers&Version=2010-05-08", Encoding.ASCII, "application/x-www-form-urlencoded");

        using var response = await http.PostAsync("/", content);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>MissingAuthenticationToken</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>IAM signs for us-east-1 (its global endpoint) or, with --region, for the broker's own region; never for the sts service.</summary>
    [Fact]
    public async Task Boto3_CredentialScope_AcceptsIamInGlobalOrBrokerRegionOnly()
    {
        const string script = """
            import json, sys
            import botocore.session
            from botocore.auth import SigV4Auth
            from botocore.awsrequest import AWSRequest
            import urllib.request, urllib.error
            url = sys.argv[1]
            creds = botocore.session.get_session().get_credentials()
            def call(service, region):
                request = AWSRequest(method="POST", url=url, data="Action=ListUsers&Version=2010-05-08&MaxItems=1",
                                     headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
                SigV4Auth(creds, service, region).add_auth(request)
                prepared = request.prepare()
                try:
                    with urllib.request.urlopen(urllib.request.Request(url, data=prepared.body.encode(), headers=dict(prepared.headers), method="POST")) as r:
                        return r.status
                except urllib.error.HTTPError as e:
                    return e.code
            print(json.dumps([call("iam", "us-east-1"), call("iam", "eu-west-1"), call("iam", "ap-south-1"), call("sts", "us-east-1")]))
            """;

        var (exit, stdout, stderr) = await broker.Boto3Async(IamBrokerFixture.Auditor, script);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal([200, 200, 403, 403], json.RootElement.EnumerateArray().Select(e => e.GetInt32()));
    }
}
