using Amazon.SecurityToken;
using TokenBroker.Aws;
using TokenBroker.Host.Hosting;
using TokenBroker.Host.Tests.EndToEnd;
using static TokenBroker.Host.Tests.Outages.OutageBroker;

namespace TokenBroker.Host.Tests.Outages;

/// <summary>
/// DynamoDB or KMS frozen or refused (a TCP proxy in front of DynamoDB Local and moto), with the broker's own SDK
/// client settings: requests fail closed with ServiceUnavailable within the deadline, then in milliseconds while the
/// circuit is open, and the broker recovers without a restart; a broker started during an outage answers
/// ServiceUnavailable, is not ready, and becomes ready when the dependency returns.
/// </summary>
public sealed class OutageTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(DeadlineMs);
    private static readonly TimeSpan Slack = Aws.Tests.Outages.Slack;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AssumeRole_DynamoDbDown_ServiceUnavailableWithinTheDeadlineThenFastThenRecovers(bool frozen)
    {
        await using var broker = await OutageBroker.CreateAsync();
        await broker.StartAsync();
        using var alice = broker.Alice();
        Assert.NotNull((await RecoversWithinAsync(TimeSpan.FromSeconds(20), () => AssumeDemoAsync(alice))).Credentials);
        if (frozen)
        {
            broker.DynamoDb.Freeze();
        }
        else
        {
            broker.DynamoDb.Refuse();
        }

        // Each request fails within the deadline; the circuit opens once failures outweigh the successes just before.
        for (var round = 0; round < 6 && broker.Readiness.IsReady; round++)
        {
            var errors = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => FailsWithinAsync(Deadline + Slack, () => AssumeDemoAsync(alice))));
            Assert.All(errors, e => Assert.Equal(("ServiceUnavailable", 503), (e.ErrorCode, (int)e.StatusCode)));
        }

        Assert.False(broker.Readiness.IsReady);
        Assert.Contains((DynamoDbTableService, DependencyState.Open), broker.Readiness.Dependencies);
        var connections = broker.DynamoDb.Accepted;

        var fast = await FailsWithinAsync(Slack, () => AssumeDemoAsync(alice));
        Assert.Equal("ServiceUnavailable", fast.ErrorCode);
        Assert.Equal(connections, broker.DynamoDb.Accepted);

        broker.DynamoDb.Forward();
        var recovered = await RecoversWithinAsync(TimeSpan.FromSeconds(20), () => AssumeDemoAsync(alice));
        Assert.NotNull(recovered.Credentials);
        Assert.True(broker.Readiness.IsReady);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Broker_StartedWithKmsDown_ServiceUnavailableUntilKmsReturns(bool frozen)
    {
        await using var broker = await OutageBroker.CreateAsync();
        if (frozen)
        {
            broker.Kms.Freeze();
        }
        else
        {
            broker.Kms.Refuse();
        }

        await broker.StartAsync();
        using var alice = broker.Alice();

        var error = await FailsWithinAsync(Slack, () => AssumeDemoAsync(alice));
        Assert.Equal(("ServiceUnavailable", 503), (error.ErrorCode, (int)error.StatusCode));
        Assert.False(broker.Readiness.IsReady);
        Assert.StartsWith("stores not open: KMS ", broker.Readiness.Reason, StringComparison.Ordinal);

        broker.Kms.Forward();
        var recovered = await RecoversWithinAsync(TimeSpan.FromSeconds(20), () => AssumeDemoAsync(alice));
        Assert.NotNull(recovered.Credentials);
        Assert.True(broker.Readiness.IsReady);
        Assert.Null(broker.Readiness.Reason);
    }

    [Fact]
    public async Task Broker_StartedWithDynamoDbRefused_ServiceUnavailableUntilDynamoDbReturns()
    {
        await using var broker = await OutageBroker.CreateAsync();
        broker.DynamoDb.Refuse();
        await broker.StartAsync();
        using var alice = broker.Alice();

        var error = await FailsWithinAsync(Slack, () => AssumeDemoAsync(alice));
        Assert.Equal("ServiceUnavailable", error.ErrorCode);
        Assert.StartsWith("stores not open: DynamoDB ", broker.Readiness.Reason, StringComparison.Ordinal);

        broker.DynamoDb.Forward();
        Assert.NotNull((await RecoversWithinAsync(TimeSpan.FromSeconds(20), () => AssumeDemoAsync(alice))).Credentials);
        Assert.True(broker.Readiness.IsReady);
    }

    [Fact]
    public async Task Health_StartedWithKmsRefused_AnswersWhileStsIsUnavailable()
    {
        await using var broker = await OutageBroker.CreateAsync();
        broker.Kms.Refuse();
        await broker.StartAsync();
        using var http = new HttpClient { BaseAddress = broker.Endpoint };

        var health = await http.GetAsync(new Uri("health", UriKind.Relative));
        var sts = await http.PostAsync(new Uri("", UriKind.Relative), new FormUrlEncodedContent([new("Action", "GetCallerIdentity"), new("Version", "2011-06-15")]));
        var body = await sts.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)health.StatusCode);
        Assert.Equal(503, (int)sts.StatusCode);
        Assert.Contains("<Code>ServiceUnavailable</Code>", body, StringComparison.Ordinal);
        Assert.True(sts.Headers.Contains("x-amzn-RequestId"));
    }

    [Fact]
    public async Task BuildAsync_LambdaWithKmsRefused_FailsInitWithOneLine()
    {
        await using var broker = await OutageBroker.CreateAsync(
            new("TOKENBROKER_HOSTING", "lambda"), new("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9"));
        broker.Kms.Refuse();

        var error = await Assert.ThrowsAsync<StartupFailedException>(broker.BuildAsync);

        Assert.StartsWith("TokenBroker could not open its stores: KMS is unreachable: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Jwks_DynamoDbDownWhileKeysLoad_ServiceUnavailableWithRetryAfterThenServed()
    {
        await using var broker = await OutageBroker.CreateAsync(new KeyValuePair<string, string?>("TOKENBROKER_PUBLIC_URL", "https://broker.example.com"));
        await broker.StartAsync();
        using var alice = broker.Alice();
        Assert.NotNull((await RecoversWithinAsync(TimeSpan.FromSeconds(20), () => AssumeDemoAsync(alice))).Credentials);
        using var http = new HttpClient { BaseAddress = broker.Endpoint, Timeout = TimeSpan.FromSeconds(30) };
        broker.DynamoDb.Refuse();

        using var down = await http.GetAsync(new Uri("/oidc/111111111111/.well-known/jwks.json", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.NotNull(down.Headers.RetryAfter);
        Assert.Contains("ServiceUnavailable", await down.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        broker.DynamoDb.Forward();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        HttpResponseMessage served;
        while ((served = await http.GetAsync(new Uri("/oidc/111111111111/.well-known/jwks.json", UriKind.Relative), stop.Token)).StatusCode
            == System.Net.HttpStatusCode.ServiceUnavailable)
        {
            served.Dispose();
            await Task.Delay(100, stop.Token);
        }

        using (served)
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, served.StatusCode);
            Assert.Contains("\"keys\"", await served.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private const string DynamoDbTableService = Aws.DynamoDb.DynamoDbTable.Service;
}
