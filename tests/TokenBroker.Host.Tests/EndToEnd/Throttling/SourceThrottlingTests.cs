using System.Net;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Ports;

namespace TokenBroker.Host.Tests.EndToEnd.Throttling;

/// <summary>Failed requests are limited per source address: past the limit, everything from it is refused unread.</summary>
public sealed class SourceThrottlingTests(SourceThrottledBrokerFixture broker) : IClassFixture<SourceThrottledBrokerFixture>
{
    private static readonly string AliceKeyId = TestDirectory.AliceKey.AccessKeyId.Value;

    [Fact]
    public async Task ForgedSignatureFlood_OverSourceLimit_ThrottlingErrorResponse()
    {
        broker.SyncClock();
        using var counter = new ThrottleCounter(broker.Services);
        await FailThreeTimesAsync("127.0.0.11");
        using var http = SourceAddress.Http(broker.Endpoint, "127.0.0.11");

        using var response = await http.PostAsync("/", new FormUrlEncodedContent([new("Action", "GetCallerIdentity"), new("Version", "2011-06-15")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var requestId = Assert.Single(response.Headers.GetValues("x-amzn-RequestId"));
        Assert.Equal(ThrottlingXml.For(requestId), await response.Content.ReadAsStringAsync());
        Assert.Equal(1, counter["source"]);
        Assert.Equal(0, counter["access_key"]);
    }

    [Fact]
    public async Task ValidRequestFromThrottledSource_SdkWithoutRetries_SeesThrottling()
    {
        broker.SyncClock();
        await FailThreeTimesAsync("127.0.0.12");
        var recorder = new ResponseRecorder();
        using var carol = SourceAddress.Sts(broker.Endpoint, "127.0.0.12", TestDirectory.CarolKey.AccessKeyId.Value, TestDirectory.CarolKey.SecretAccessKey, recorder);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => carol.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("Throttling", error.ErrorCode);
        Assert.Equal("Rate exceeded", error.Message);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(Amazon.Runtime.ErrorType.Sender, error.ErrorType);
        Assert.Equal(ThrottlingXml.For(recorder.LastRequestId), recorder.LastBody);
        Assert.Equal(recorder.LastRequestId, error.RequestId);
    }

    [Fact]
    public async Task OtherSource_WhileOneSourceIsThrottled_Served()
    {
        broker.SyncClock();
        await FailThreeTimesAsync("127.0.0.13");
        using var throttled = SourceAddress.Sts(broker.Endpoint, "127.0.0.13", TestDirectory.ErinKey.AccessKeyId.Value, TestDirectory.ErinKey.SecretAccessKey);
        using var other = SourceAddress.Sts(broker.Endpoint, "127.0.0.14", TestDirectory.ErinKey.AccessKeyId.Value, TestDirectory.ErinKey.SecretAccessKey);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => throttled.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        var identity = await other.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("Throttling", error.ErrorCode);
        Assert.Equal("arn:aws:iam::222222222222:user/erin", identity.Arn);
    }

    [Fact]
    public async Task SuccessfulRequests_ManyMoreThanFailureLimit_NeverThrottled()
    {
        broker.SyncClock();
        using var counter = new ThrottleCounter(broker.Services);
        using var erin = SourceAddress.Sts(broker.Endpoint, "127.0.0.15", TestDirectory.ErinKey.AccessKeyId.Value, TestDirectory.ErinKey.SecretAccessKey);

        for (var i = 0; i < 12; i++)
        {
            var identity = await erin.GetCallerIdentityAsync(new GetCallerIdentityRequest());
            Assert.Equal("222222222222", identity.Account);
        }

        Assert.Equal(0, counter["source"]);
    }

    [Fact]
    public async Task DeniedAssumeRoleFlood_OverSourceLimit_RefusalsPastTheLimitNotAudited()
    {
        broker.SyncClock();
        using var counter = new ThrottleCounter(broker.Services);
        using var dave = SourceAddress.Sts(broker.Endpoint, "127.0.0.16", TestDirectory.DaveKey.AccessKeyId.Value, TestDirectory.DaveKey.SecretAccessKey);
        var request = new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/root-trust", RoleSessionName = "flood" };

        var codes = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            codes.Add((await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => dave.AssumeRoleAsync(request))).ErrorCode);
        }

        Assert.Equal(["AccessDenied", "AccessDenied", "AccessDenied", "Throttling", "Throttling", "Throttling", "Throttling", "Throttling"], codes);
        var records = await broker.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(null, null, 1000), CancellationToken.None);
        Assert.Equal(3, records.Count(r => r.SourceIp == "127.0.0.16"));
        Assert.Equal(5, counter["source"]);
    }

    private async Task FailThreeTimesAsync(string source)
    {
        using var forger = SourceAddress.Sts(broker.Endpoint, source, AliceKeyId, "not-alice-secret-000000000000000000000000");
        for (var i = 0; i < 3; i++)
        {
            var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => forger.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
            Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        }
    }
}
