using static TokenBroker.Host.Tests.DataPlane.DataPlaneDirectory;

namespace TokenBroker.Host.Tests.DataPlane;

/// <summary>/forward-auth/{prefix} with the headers Traefik ForwardAuth and Envoy ext_authz (HTTP mode) send (reference/dataplane.md §3, §4).</summary>
public class ForwardAuthHeaderTests(DataPlaneBrokerFixture broker) : IClassFixture<DataPlaneBrokerFixture>
{
    private const string Original = "https://api.example.com/orders/42";

    private HttpRequestMessage Check(string method, string path, string proxyKey = ProxyKeyHeader, string secret = "")
    {
        broker.SyncClock();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        foreach (var (name, value) in SdkRequestSigner.Sign("GET", new Uri(Original), "orders", Bella.AccessKeyId.Value, secret.Length > 0 ? secret : Bella.SecretAccessKey))
        {
            if (name == "Host")
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.TryAddWithoutValidation("X-TokenBroker-Proxy-Key", proxyKey);
        return request;
    }

    [Fact]
    public async Task ForwardAuth_TraefikHeaders_AllowsWithPrincipalHeaders()
    {
        using var request = Check("GET", "/forward-auth/orders");
        request.Headers.Host = "broker.internal";
        request.Headers.TryAddWithoutValidation("X-Forwarded-Method", "GET");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Uri", "/orders/42");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "api.example.com");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        using var http = broker.Http();

        using var response = await http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("arn:aws:iam::222222222222:user/bella", response.Headers.GetValues("X-TokenBroker-Principal-Arn").Single());
        Assert.Equal("orders:GetOrder", response.Headers.GetValues("X-TokenBroker-Action").Single());
    }

    [Fact]
    public async Task ForwardAuth_EnvoyPathPrefix_UsesMethodAndPathOfTheCheck()
    {
        using var request = Check("GET", "/forward-auth/orders/orders/42");
        using var http = broker.Http();

        using var response = await http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("222222222222", response.Headers.GetValues("X-TokenBroker-Account").Single());
    }

    [Fact]
    public async Task ForwardAuth_ProxyKeyOfAnotherPrefix_403()
    {
        using var request = Check("GET", "/forward-auth/payments/orders/42");
        using var http = broker.Http();

        using var response = await http.SendAsync(request);

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Contains("<Code>AccessDenied</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForwardAuth_BadSignature_401WithXml()
    {
        using var request = Check("GET", "/forward-auth/orders/orders/42", secret: "wrong");
        using var http = broker.Http();

        using var response = await http.SendAsync(request);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("X-TokenBroker-Principal-Arn"));
    }

    [Fact]
    public async Task ForwardAuth_ManyDeniedClientsBehindOneProxy_DoNotThrottleTheProxy()
    {
        using var http = broker.Http();
        for (var i = 0; i < 150; i++)
        {
            using var forged = Check("GET", "/forward-auth/orders/orders/42", secret: "wrong");
            using var denied = await http.SendAsync(forged);
            Assert.Equal(401, (int)denied.StatusCode);
        }

        using var request = Check("GET", "/forward-auth/orders/orders/42");
        using var response = await http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
    }
}
