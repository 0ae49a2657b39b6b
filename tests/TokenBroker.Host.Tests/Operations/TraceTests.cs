using System.Diagnostics;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using OpenTelemetry;
using OpenTelemetry.Trace;
using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Host.Tests.Operations;

/// <summary>
/// Spans, caught with OpenTelemetry's in-memory exporter: one per STS request, named for the action, with its outcome
/// and error code, as a child of ASP.NET Core's request span, with the store calls (audit write) as its children.
/// </summary>
public sealed class TraceTests(BrokerFixture broker) : IClassFixture<BrokerFixture>, IDisposable
{
    private readonly LockedCollection<Activity> _spans = new();
    private TracerProvider? _provider;

    private TracerProvider Provider => _provider ??= Sdk.CreateTracerProviderBuilder()
        .AddSource("TokenBroker.*", "Microsoft.AspNetCore")
        .AddInMemoryExporter(_spans)
        .Build();

    [Fact]
    public async Task Traces_GetSessionToken_RequestSpanWithOutcomeAndAuditWriteAsChild()
    {
        _ = Provider;
        broker.SyncClock();
        using var alice = broker.Client(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);

        var response = await alice.GetSessionTokenAsync(new GetSessionTokenRequest());
        var request = await RequestSpanAsync(response.ResponseMetadata.RequestId);

        Assert.Equal("GetSessionToken", request.DisplayName);
        Assert.Equal("GetSessionToken", request.GetTagItem("tokenbroker.action"));
        Assert.Equal("success", request.GetTagItem("tokenbroker.outcome"));
        Assert.Null(request.GetTagItem("tokenbroker.error_code"));
        var children = _spans.Snapshot().Where(s => s.ParentSpanId == request.SpanId).Select(s => s.DisplayName).ToList();
        Assert.Contains("audit.append", children);
        var parent = await SpanAsync(s => s.SpanId == request.ParentSpanId);
        Assert.Equal("Microsoft.AspNetCore", parent.Source.Name);
    }

    [Fact]
    public async Task Traces_AssumeRoleDenied_RequestSpanCarriesErrorCode()
    {
        _ = Provider;
        broker.SyncClock();
        using var alice = broker.Client(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => alice.AssumeRoleAsync(
            new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/no-such-role", RoleSessionName = "traced" }));
        var request = await RequestSpanAsync(error.RequestId);

        Assert.Equal("AssumeRole", request.DisplayName);
        Assert.Equal("error", request.GetTagItem("tokenbroker.outcome"));
        Assert.Equal("AccessDenied", request.GetTagItem("tokenbroker.error_code"));
    }

    [Fact]
    public async Task Traces_PresignedUrlWithSignatureAndToken_NoSpanCarriesThem()
    {
        _ = Provider;
        var signature = BrokerLogTests.RandomHex();
        var token = BrokerLogTests.RandomHex();
        using var client = broker.Http();

        using var response = await client.GetAsync(new Uri(
            $"?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Signature={signature}&X-Amz-Security-Token={token}", UriKind.Relative));
        var request = await RequestSpanAsync(response.Headers.GetValues("x-amzn-RequestId").Single());

        var http = await SpanAsync(s => s.SpanId == request.ParentSpanId);
        var trace = _spans.Snapshot().Where(s => s.TraceId == request.TraceId).ToList();
        Assert.Equal("Microsoft.AspNetCore", http.Source.Name);
        foreach (var tag in trace.SelectMany(s => s.TagObjects))
        {
            var value = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            Assert.DoesNotContain(signature, value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(token, value, StringComparison.OrdinalIgnoreCase);
        }
    }

    public void Dispose() => _provider?.Dispose();

    private Task<Activity> RequestSpanAsync(string requestId) => SpanAsync(s => Equals(s.GetTagItem("tokenbroker.request_id"), requestId));

    // Spans end after the reply is written, so they may be exported a moment after the client has its answer.
    private async Task<Activity> SpanAsync(Func<Activity, bool> match)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (_spans.Snapshot().FirstOrDefault(match) is { } span)
            {
                return span;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException("The span was not exported within 5 s.");
    }
}
