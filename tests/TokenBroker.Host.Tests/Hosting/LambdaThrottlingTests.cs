namespace TokenBroker.Host.Tests.Hosting;

/// <summary>On Lambda the source address is API Gateway's requestContext.http.sourceIp, and the limits hold per address.</summary>
public sealed class LambdaThrottlingTests(LambdaThrottledBrokerFixture broker) : IClassFixture<LambdaThrottledBrokerFixture>
{
    [Fact]
    public async Task Invoke_FailuresFromOneSourceIpOverLimit_ThrottlingWhileOtherSourceIpServed()
    {
        var failing = FromSource(HttpApiEvents.DocumentationSample, "198.51.100.77");
        for (var i = 0; i < 3; i++)
        {
            var refused = await broker.RuntimeApi.InvokeAsync(failing);
            Assert.Contains("<Code>MalformedQueryString</Code>", refused.Body, StringComparison.Ordinal);
        }

        var throttled = await broker.RuntimeApi.InvokeAsync(failing);
        var other = await broker.RuntimeApi.InvokeAsync(FromSource(HttpApiEvents.DocumentationSample, "198.51.100.78"));

        Assert.Equal(400, throttled.StatusCode);
        Assert.Equal("text/xml", throttled.Header("Content-Type"));
        Assert.Equal(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
            + "<Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>" + throttled.Header("x-amzn-RequestId")
            + "</RequestId></ErrorResponse>",
            throttled.Body);
        Assert.Contains("<Code>MalformedQueryString</Code>", other.Body, StringComparison.Ordinal);
    }

    private static string FromSource(string eventJson, string sourceIp) =>
        HttpApiEvents.With(eventJson, e => e["requestContext"]!["http"]!["sourceIp"] = sourceIp);
}
