using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Revocation;
using static TokenBroker.Host.Tests.DataPlane.DataPlaneDirectory;

namespace TokenBroker.Host.Tests.DataPlane;

public class AuthorizeEndpointTests(DataPlaneBrokerFixture broker) : IClassFixture<DataPlaneBrokerFixture>
{
    private const string Api = "https://api.example.com";

    private JsonObject Signed(string method, string path, AccessKey key, string service = "orders", string region = "us-east-1") =>
        Signed(method, path, key.AccessKeyId.Value, key.SecretAccessKey, null, service, region);

    private JsonObject Signed(string method, string path, string keyId, string secret, string? token, string service = "orders", string region = "us-east-1")
    {
        broker.SyncClock();
        var url = Api + path;
        return DataPlaneBrokerFixture.Forwarded(method, url, SdkRequestSigner.Sign(method, new Uri(url), service, keyId, secret, token, region: region));
    }

    private async Task<Amazon.SecurityToken.Model.Credentials> AssumeReaderAsync(string? policy = null)
    {
        broker.SyncClock();
        using var bella = broker.Client(Bella.AccessKeyId.Value, Bella.SecretAccessKey);
        return (await bella.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = ReaderRole, RoleSessionName = "reader", Policy = policy })).Credentials;
    }

    private static string Decision(JsonElement body) => body.GetProperty("decision").GetString()!;

    [Fact]
    public async Task Authorize_RouteWithOwnAccountUser_AllowsWithPrincipalActionAndResource()
    {
        var (status, body) = await broker.AuthorizeAsync(Signed("GET", "/orders/42", Bella));

        Assert.Equal(200, status);
        Assert.Equal("Allow", Decision(body));
        Assert.Equal("orders:GetOrder", body.GetProperty("action").GetString());
        Assert.Equal("arn:aws:orders:us-east-1:222222222222:order/42", body.GetProperty("resource").GetString());
        var principal = body.GetProperty("principal");
        Assert.Equal("arn:aws:iam::222222222222:user/bella", principal.GetProperty("arn").GetString());
        Assert.Equal("222222222222", principal.GetProperty("account").GetString());
        Assert.Equal("AIDABELLA00000000001", principal.GetProperty("userId").GetString());
        Assert.Equal("User", principal.GetProperty("type").GetString());
        Assert.Equal("bella", principal.GetProperty("tags").GetProperty("dept").GetString());
        Assert.False(principal.GetProperty("mfa").GetBoolean());
        Assert.Equal(["identity[0]#AllowordersGetOrder"], body.GetProperty("matchedStatements").EnumerateArray().Select(e => e.GetString()));
        Assert.False(body.TryGetProperty("encodedMessage", out _));
    }

    [Fact]
    public async Task Authorize_NoIdentityPolicyAllows_DeniesWithEncodedMessage()
    {
        var (status, body) = await broker.AuthorizeAsync(Signed("POST", "/orders", Bruno));

        Assert.Equal(200, status);
        Assert.Equal("Deny", Decision(body));
        Assert.Equal("orders:CreateOrder", body.GetProperty("action").GetString());
        Assert.Equal("*", body.GetProperty("resource").GetString());
        Assert.True(body.GetProperty("encodedMessage").GetString()!.Length > 40);
        Assert.DoesNotContain("Allow", body.GetProperty("encodedMessage").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_ExplicitDenyOverridesAllow_Denies()
    {
        var (_, allowed) = await broker.AuthorizeAsync(Signed("DELETE", "/orders/7", Bella));
        var (_, denied) = await broker.AuthorizeAsync(Signed("DELETE", "/orders/locked-7", Bella));

        Assert.Equal("Allow", Decision(allowed));
        Assert.Equal("Deny", Decision(denied));
        Assert.Equal(["identity[0]#DenyordersDeleteOrder"], denied.GetProperty("matchedStatements").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Authorize_SameAccountResourcePolicyNamingUser_AllowsWithoutIdentityPolicy()
    {
        var (_, shared) = await broker.AuthorizeAsync(Signed("GET", "/orders/bruno-1", Bruno));
        var (_, other) = await broker.AuthorizeAsync(Signed("GET", "/orders/1", Bruno));

        Assert.Equal("Allow", Decision(shared));
        Assert.Equal(["resource#0"], shared.GetProperty("matchedStatements").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Deny", Decision(other));
    }

    [Fact]
    public async Task Authorize_CrossAccount_NeedsIdentityPolicyAndResourcePolicy()
    {
        var (_, both) = await broker.AuthorizeAsync(Signed("GET", "/orders/shared-9", Alan));
        var (_, identityOnly) = await broker.AuthorizeAsync(Signed("GET", "/orders/9", Alan));
        var (_, resourceOnly) = await broker.AuthorizeAsync(Signed("GET", "/orders/shared-9", Anna));

        Assert.Equal("Allow", Decision(both));
        Assert.Equal("Deny", Decision(identityOnly));
        Assert.Equal("Deny", Decision(resourceOnly));
    }

    [Fact]
    public async Task Authorize_RoleSession_PermissionsBoundaryLimitsRolePolicy()
    {
        var credentials = await AssumeReaderAsync();

        var (_, read) = await broker.AuthorizeAsync(Signed("GET", "/orders/5", credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));
        var (_, write) = await broker.AuthorizeAsync(Signed("POST", "/orders", credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));

        Assert.True(Decision(read) == "Allow", read.ToString());
        var principal = read.GetProperty("principal");
        Assert.Equal("arn:aws:sts::222222222222:assumed-role/order-reader/reader", principal.GetProperty("arn").GetString());
        Assert.Equal("AssumedRole", principal.GetProperty("type").GetString());
        Assert.Equal("reader", principal.GetProperty("sessionName").GetString());
        Assert.Equal("fulfilment", principal.GetProperty("tags").GetProperty("team").GetString());
        Assert.True(principal.TryGetProperty("expiresAt", out _));
        Assert.Equal("Deny", Decision(write));
    }

    [Fact]
    public async Task Authorize_RoleSession_SessionPolicyLimitsRolePolicy()
    {
        var credentials = await AssumeReaderAsync(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"orders:ListOrders\",\"Resource\":\"*\"}]}");

        var (_, list) = await broker.AuthorizeAsync(Signed("GET", "/orders", credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));
        var (_, get) = await broker.AuthorizeAsync(Signed("GET", "/orders/5", credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));

        Assert.Equal("Allow", Decision(list));
        Assert.Equal("Deny", Decision(get));
    }

    [Fact]
    public async Task Authorize_RoleRevoked_RefusesOlderSessionWithExpiredToken()
    {
        var credentials = await AssumeReaderAsync();
        broker.Time.Advance(TimeSpan.FromSeconds(1));
        var store = broker.Services.GetRequiredService<IRevocationStore>();
        await store.SetCutoffAsync(RevocationScope.Role, RevocationSubjects.Normalize(RevocationScope.Role, ReaderRole), broker.Time.GetUtcNow(), CancellationToken.None);
        broker.Time.Advance(TimeSpan.FromSeconds(1));

        var (status, body) = await broker.AuthorizeAsync(Signed("GET", "/orders/5", credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));

        Assert.Equal(200, status);
        Assert.Equal("Deny", Decision(body));
        Assert.Equal("ExpiredToken", body.GetProperty("error").GetProperty("code").GetString());
        Assert.False(body.TryGetProperty("principal", out _));
    }

    [Theory]
    [InlineData("wrong-secret")]
    public async Task Authorize_ForgedSignature_SignatureDoesNotMatch(string secret)
    {
        var (_, body) = await broker.AuthorizeAsync(Signed("GET", "/orders/1", Bella.AccessKeyId.Value, secret, null));

        Assert.Equal("Deny", Decision(body));
        Assert.Equal("SignatureDoesNotMatch", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Authorize_SignatureReplayedOnOtherPath_SignatureDoesNotMatch()
    {
        var payload = Signed("GET", "/orders/1", Bella);
        payload["url"] = Api + "/orders/2";

        var (_, body) = await broker.AuthorizeAsync(payload);

        Assert.Equal("SignatureDoesNotMatch", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Authorize_ScopeOfAnotherService_Refused()
    {
        var payload = Signed("GET", "/orders/1", Bella, service: "payments");
        payload["action"] = "orders:GetOrder";
        payload["resource"] = "arn:aws:orders:us-east-1:222222222222:order/1";

        var (_, body) = await broker.AuthorizeAsync(payload);

        Assert.Equal("Deny", Decision(body));
        Assert.Equal("SignatureDoesNotMatch", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Authorize_UnknownAccessKey_InvalidClientTokenId()
    {
        var (_, body) = await broker.AuthorizeAsync(Signed("GET", "/orders/1", "AKIAUNKNOWN000000001", "secret", null));

        Assert.Equal("InvalidClientTokenId", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Authorize_ActionAndResourceGiven_DecidesThemInsteadOfRoutes()
    {
        var payload = Signed("GET", "/anything/at/all", Alan);
        payload["action"] = "orders:getorder";
        payload["resource"] = "arn:aws:orders:us-east-1:222222222222:order/shared-1";

        var (_, body) = await broker.AuthorizeAsync(payload);

        Assert.Equal("Allow", Decision(body));
        Assert.Equal("orders:GetOrder", body.GetProperty("action").GetString());
    }

    [Fact]
    public async Task Authorize_UnroutedPathOrUndeclaredAction_DenyWithUnknownOperation()
    {
        var unrouted = await broker.AuthorizeAsync(Signed("GET", "/admin", Bella));
        var undeclared = Signed("GET", "/orders/1", Bella);
        undeclared["action"] = "orders:DropTables";
        var unknown = await broker.AuthorizeAsync(undeclared);

        Assert.Equal("UnknownOperationException", unrouted.Body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("UnknownOperationException", unknown.Body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("Deny", Decision(unknown.Body));
    }

    [Theory]
    [InlineData("/orders/..")]
    [InlineData("/orders/.")]
    [InlineData("/orders//")]
    [InlineData("/orders/%2e%2e")]
    public async Task Authorize_DotSegmentPathTraversal_MatchesNoRoute(string path)
    {
        var (_, body) = await broker.AuthorizeAsync(Signed("GET", path, Bella));

        Assert.Equal("Deny", Decision(body));
    }

    [Fact]
    public async Task Authorize_ServiceContextKeysAndSourceIp_FeedConditions()
    {
        JsonObject Payload(string priority, string ip)
        {
            var payload = Signed("POST", "/orders", Bella);
            payload["context"] = new JsonObject { ["orders:Priority"] = priority };
            payload["sourceIp"] = ip;
            return payload;
        }

        var (_, allowed) = await broker.AuthorizeAsync(Payload("low", "203.0.113.7"));
        var (_, wrongKey) = await broker.AuthorizeAsync(Payload("high", "203.0.113.7"));
        var (_, wrongIp) = await broker.AuthorizeAsync(Payload("low", "198.51.100.7"));

        Assert.Equal("Allow", Decision(allowed));
        Assert.Equal("Deny", Decision(wrongKey));
        Assert.Equal("Deny", Decision(wrongIp));
    }

    [Fact]
    public async Task Authorize_ContextOverridesGlobalKey_RejectedAs400()
    {
        var payload = Signed("GET", "/orders/1", Bruno);
        payload["context"] = new JsonObject { ["aws:PrincipalArn"] = "arn:aws:iam::222222222222:user/bella" };

        var (status, body) = await broker.AuthorizeAsync(payload);

        Assert.Equal(400, status);
        Assert.Equal("ValidationException", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("{", "SerializationException")]
    [InlineData("[]", "SerializationException")]
    [InlineData("{\"method\":\"GET\"}", "ValidationException")]
    [InlineData("{\"method\":\"GET\",\"url\":\"ftp://x/\"}", "ValidationException")]
    [InlineData("{\"method\":\"GET\",\"url\":\"https://x/\",\"headers\":{\"a\":1}}", "ValidationException")]
    [InlineData("{\"method\":\"GET\",\"url\":\"https://x/\",\"bodySha256\":\"zz\"}", "ValidationException")]
    [InlineData("{\"method\":\"GET\",\"url\":\"https://x/\",\"sourceIp\":\"not-an-ip\"}", "ValidationException")]
    [InlineData("{\"method\":\"GET\",\"url\":\"https://x/\",\"extra\":true}", "ValidationException")]
    [InlineData("{\"method\":\"get\",\"url\":\"https://x/\"}", "ValidationException")]
    public async Task Authorize_MalformedBody_400WithClearError(string json, string code)
    {
        using var http = broker.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/authorize") { Content = new StringContent(json) };
        request.Headers.TryAddWithoutValidation("X-TokenBroker-Proxy-Key", ProxyKeyHeader);

        using var response = await http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(code, body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("error").GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Authorize_OversizedBody_413()
    {
        using var http = broker.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/authorize") { Content = new StringContent(new string(' ', 70 * 1024)) };
        request.Headers.TryAddWithoutValidation("X-TokenBroker-Proxy-Key", ProxyKeyHeader);

        using var response = await http.SendAsync(request);

        Assert.Equal(413, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("edge-1:wrong-secret-0000000000000000000000")]
    [InlineData("edge-2:" + ProxyKeySecret)]
    [InlineData("garbage")]
    public async Task Authorize_BadProxyKey_403(string proxyKey)
    {
        var (status, body) = await broker.AuthorizeAsync(Signed("GET", "/orders/42", Bella), proxyKey);

        Assert.Equal(403, status);
        Assert.Equal("AccessDenied", body.GetProperty("error").GetProperty("code").GetString());
        Assert.False(body.TryGetProperty("decision", out _));
    }

    [Fact]
    public async Task Authorize_SigV4CallerWithAuthorizeRequest_GetsDecision()
    {
        var (status, body) = await broker.AuthorizeSignedAsync(Signed("GET", "/orders/42", Bella), Gateway.AccessKeyId.Value, Gateway.SecretAccessKey);

        Assert.Equal(200, status);
        Assert.Equal("Allow", Decision(body));
    }

    [Fact]
    public async Task Authorize_SigV4CallerWithoutAuthorizeRequest_403AccessDenied()
    {
        var (status, body) = await broker.AuthorizeSignedAsync(Signed("GET", "/orders/42", Bella), Bella.AccessKeyId.Value, Bella.SecretAccessKey);

        Assert.Equal(403, status);
        Assert.Equal("AccessDenied", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("tokenbroker:AuthorizeRequest on resource: arn:aws:tokenbroker::222222222222:service/orders", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_UnauthenticatedCaller_403MissingAuthenticationToken()
    {
        var (status, body) = await broker.AuthorizeAsync(Signed("GET", "/orders/42", Bella), proxyKey: null);

        Assert.Equal(403, status);
        Assert.Equal("MissingAuthenticationToken", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Authorize_BodyHashGiven_MustMatchSignedContentSha256()
    {
        broker.SyncClock();
        var body = "{\"item\":\"book\"}"u8.ToArray();
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body));
        var headers = SdkRequestSigner.Sign("POST", new Uri(Api + "/orders"), "orders", Bella.AccessKeyId.Value, Bella.SecretAccessKey, body: body,
            headers: new Dictionary<string, string> { ["x-amz-content-sha256"] = hash });
        var good = DataPlaneBrokerFixture.Forwarded("POST", Api + "/orders", headers);
        good["bodySha256"] = hash;
        var tampered = DataPlaneBrokerFixture.Forwarded("POST", Api + "/orders", headers);
        tampered["bodySha256"] = new string('a', 64);

        var (_, accepted) = await broker.AuthorizeAsync(good);
        var (_, refused) = await broker.AuthorizeAsync(tampered);

        Assert.False(accepted.TryGetProperty("error", out _), accepted.ToString());
        Assert.Equal("SignatureDoesNotMatch", refused.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Authorize_Decisions_CountedOnTheAuthorizationMeter()
    {
        var measurements = new List<(long Value, string Service, string Decision)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "TokenBroker.Authorization" && instrument.Name == "tokenbroker.authorization.decisions")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var map = tags.ToArray().ToDictionary(t => t.Key, t => (string)t.Value!);
            lock (measurements)
            {
                measurements.Add((value, map["service"], map["decision"]));
            }

            Assert.Equal(2, map.Count);
        });
        listener.Start();

        await broker.AuthorizeAsync(Signed("GET", "/orders/42", Bella));
        await broker.AuthorizeAsync(Signed("POST", "/orders", Bruno));

        lock (measurements)
        {
            Assert.Contains((1L, "orders", "Allow"), measurements);
            Assert.Contains((1L, "orders", "Deny"), measurements);
        }
    }
}
