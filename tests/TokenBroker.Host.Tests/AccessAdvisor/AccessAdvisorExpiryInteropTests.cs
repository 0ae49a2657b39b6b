using System.Text;
using TokenBroker.Core.Iam;
using TokenBroker.Host.Tests.DataPlane;
using static TokenBroker.Host.Tests.AccessAdvisor.AccessAdvisorDirectory;

namespace TokenBroker.Host.Tests.AccessAdvisor;

/// <summary>
/// A job expires: its own broker (the test moves that broker's clock a day on), with requests signed by AWSSDK.Core's
/// signer at the broker's time. Named *Interop*, so test.sh runs it again with the job item in DynamoDB Local (whose TTL
/// sweep is lazy: the broker's own expiry check decides).
/// </summary>
public class AccessAdvisorExpiryInteropTests(AccessAdvisorBrokerFixture broker) : IClassFixture<AccessAdvisorBrokerFixture>
{
    private async Task<(int Status, string Body)> IamAsync(string form)
    {
        var body = Encoding.UTF8.GetBytes(form + "&Version=2010-05-08");
        var url = broker.Endpoint;
        var headers = SdkRequestSigner.Sign("POST", url, "iam", Auditor.AccessKeyId.Value, Auditor.SecretAccessKey, body: body,
            headers: new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8" },
            signingTime: broker.Time.GetUtcNow());
        using var http = broker.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        foreach (var (name, value) in headers.Where(h => h.Key is not ("Host" or "Content-Type" or "Content-Length")))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetServiceLastAccessedDetails_JobPastItsRetention_InvalidInputAsAnUnknownJob()
    {
        broker.SyncClock();
        var (_, generated) = await IamAsync("Action=GenerateServiceLastAccessedDetails&Arn=" + Uri.EscapeDataString(A + ":role/runner"));
        var jobId = System.Xml.Linq.XDocument.Parse(generated).Descendants().Single(e => e.Name.LocalName == "JobId").Value;
        var (freshStatus, _) = await IamAsync("Action=GetServiceLastAccessedDetails&JobId=" + jobId);

        broker.Time.Advance(IamAccessAdvisor.JobRetention + TimeSpan.FromMinutes(1));
        var (status, body) = await IamAsync("Action=GetServiceLastAccessedDetails&JobId=" + jobId);

        Assert.Equal(200, freshStatus);
        Assert.Equal(400, status);
        Assert.Contains("<Code>InvalidInput</Code>", body, StringComparison.Ordinal);
        Assert.Contains($"JobId {jobId} is not valid.", body, StringComparison.Ordinal);
    }
}
