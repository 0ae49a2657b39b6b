using System.Net;
using TokenBroker.Host.Tests.EndToEnd;
using TokenBroker.Host.Tests.Outages;

namespace TokenBroker.Host.Tests.Operations;

/// <summary>
/// /health/live (and its alias /health) answers while the process runs; /health/ready answers 200 when every ready
/// check passes and 503 naming the failing checks, and nothing else, when a dependency is down.
/// </summary>
public sealed class HealthTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    [Theory]
    [InlineData("health")]
    [InlineData("health/live")]
    public async Task Live_RunningBroker_AnswersOk(string path)
    {
        using var http = broker.Http();

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_EveryDependencyUp_AnswersReady()
    {
        using var http = broker.Http();

        using var response = await http.GetAsync(new Uri("health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"status\":\"ready\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_StartedWithKmsRefused_503NamingEveryCheckAndNothingElse()
    {
        await using var outage = await OutageBroker.CreateAsync();
        outage.Kms.Refuse();
        await outage.StartAsync();
        using var http = new HttpClient { BaseAddress = outage.Endpoint };

        using var ready = await http.GetAsync(new Uri("health/ready", UriKind.Relative));
        using var live = await http.GetAsync(new Uri("health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("{\"status\":\"not ready\",\"failing\":[\"store\",\"keyring\",\"revocation\",\"directory\"]}", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Ready_DynamoDbRefusedThenBack_503NamingStoreChecksThenReady()
    {
        await using var outage = await OutageBroker.CreateAsync();
        await outage.StartAsync();
        using var http = new HttpClient { BaseAddress = outage.Endpoint };
        Assert.True(await ReadyWithinAsync(http, TimeSpan.FromSeconds(20)));

        outage.DynamoDb.Refuse();
        using var down = await http.GetAsync(new Uri("health/ready", UriKind.Relative));
        var body = await down.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains("\"store\"", body, StringComparison.Ordinal);
        Assert.Contains("\"revocation\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("keyring", body, StringComparison.Ordinal);
        Assert.DoesNotContain("DynamoDB", body, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);

        outage.DynamoDb.Forward();
        Assert.True(await ReadyWithinAsync(http, TimeSpan.FromSeconds(20)));
    }

    private static async Task<bool> ReadyWithinAsync(HttpClient http, TimeSpan bound)
    {
        using var stop = new CancellationTokenSource(bound);
        while (!stop.IsCancellationRequested)
        {
            using var response = await http.GetAsync(new Uri("health/ready", UriKind.Relative), CancellationToken.None);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }

            await Task.Delay(100, CancellationToken.None);
        }

        return false;
    }
}
