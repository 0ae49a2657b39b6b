using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Host.Tests.Hosting;

/// <summary>The whole broker served through the Lambda Runtime API, fed HTTP API payload 2.0 events.</summary>
public class LambdaBrokerTests(LambdaBrokerFixture broker) : IClassFixture<LambdaBrokerFixture>
{
    [Fact]
    public async Task Invoke_DocumentationSampleEvent_RepeatedQueryParameterIsMalformedQueryString()
    {
        var reply = await broker.RuntimeApi.InvokeAsync(HttpApiEvents.DocumentationSample);

        Assert.Equal("response", reply.Kind);
        Assert.Equal(400, reply.StatusCode);
        Assert.Equal("text/xml", reply.Header("Content-Type"));
        Assert.Contains("<Code>MalformedQueryString</Code>", reply.Body, StringComparison.Ordinal);
        Assert.Contains("<RequestId>", reply.Body, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(reply.Header("x-amzn-RequestId")));
    }

    [Fact]
    public async Task Invoke_HealthCheck_Answers200()
    {
        var health = HttpApiEvents.With(HttpApiEvents.DocumentationSample, e =>
        {
            e["rawPath"] = "/health";
            e["rawQueryString"] = "";
            e["requestContext"]!["http"]!["method"] = "GET";
            e.Remove("body");
        });

        var reply = await broker.RuntimeApi.InvokeAsync(health);

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal("ok", reply.Body);
    }

    [Theory]
    [InlineData("https://sts.example.com/")]
    [InlineData("https://abc123.execute-api.us-east-1.amazonaws.com/")]
    public async Task Invoke_GetCallerIdentitySignedBySdkForApiGatewayHost_ReturnsTheUser(string serviceUrl)
    {
        broker.SyncClock();
        var signed = await SdkCapture.GetCallerIdentityAsync(serviceUrl, TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);

        var reply = await broker.RuntimeApi.InvokeAsync(HttpApiEvents.FromRequest(signed));

        Assert.Equal(200, reply.StatusCode);
        Assert.Contains("<Arn>arn:aws:iam::111111111111:user/alice</Arn>", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_SignedRequestReplayedToAnotherHost_SignatureDoesNotMatch()
    {
        broker.SyncClock();
        var signed = await SdkCapture.GetCallerIdentityAsync("https://sts.example.com/", TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);
        var moved = HttpApiEvents.With(HttpApiEvents.FromRequest(signed), e => e["headers"]!["host"] = "evil.example.net");

        var reply = await broker.RuntimeApi.InvokeAsync(moved);

        Assert.Equal(403, reply.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_SignedBodyTamperedInTransit_SignatureDoesNotMatch()
    {
        broker.SyncClock();
        var signed = await SdkCapture.GetCallerIdentityAsync("https://sts.example.com/", TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);
        var tampered = signed with { Body = System.Text.Encoding.UTF8.GetBytes("Action=GetSessionToken&Version=2011-06-15") };

        var reply = await broker.RuntimeApi.InvokeAsync(HttpApiEvents.FromRequest(tampered));

        Assert.Equal(403, reply.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", reply.Body, StringComparison.Ordinal);
    }
}
