using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SecurityToken.Model;
using TokenBroker.Host.Tests.Hosting;
using static TokenBroker.Host.Tests.DataPlane.DataPlaneDirectory;

namespace TokenBroker.Host.Tests.DataPlane;

/// <summary>
/// The broker as an HTTP API Lambda authorizer, through the Runtime API loop: payload 2.0 REQUEST events shaped as API
/// Gateway records them (lowercased, comma-joined headers, no body), for requests signed by AWSSDK's AWS4Signer.
/// </summary>
public class LambdaAuthorizerTests(LambdaAuthorizerFixture fixture) : IClassFixture<LambdaAuthorizerFixture>
{
    internal const string Domain = "abc123defg.execute-api.us-east-1.amazonaws.com";

    /// <summary>The event API Gateway sends for a request; the shape of AWS's documented payload 2.0 authorizer sample.</summary>
    internal static JsonObject AuthorizerEvent(string method, string pathAndQuery, IEnumerable<KeyValuePair<string, string>> signedHeaders, string domain = Domain)
    {
        var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var headers = new JsonObject();
        foreach (var (name, value) in signedHeaders)
        {
            var key = name.ToLowerInvariant();
            headers[key] = headers[key] is { } earlier ? earlier.GetValue<string>() + "," + value : value;
        }

        headers["user-agent"] ??= "aws-sdk-dotnet";
        headers["x-forwarded-for"] = "198.51.100.7";
        headers["x-forwarded-proto"] = "https";
        return new JsonObject
        {
            ["version"] = "2.0",
            ["type"] = "REQUEST",
            ["routeArn"] = $"arn:aws:execute-api:us-east-1:222222222222:abc123defg/$default/{method}{(question < 0 ? pathAndQuery : pathAndQuery[..question])}",
            ["identitySource"] = new JsonArray(headers["authorization"]?.GetValue<string>() ?? ""),
            ["routeKey"] = "ANY /orders/{proxy+}",
            ["rawPath"] = question < 0 ? pathAndQuery : pathAndQuery[..question],
            ["rawQueryString"] = question < 0 ? "" : pathAndQuery[(question + 1)..],
            ["headers"] = headers,
            ["requestContext"] = new JsonObject
            {
                ["accountId"] = "222222222222",
                ["apiId"] = "abc123defg",
                ["domainName"] = domain,
                ["domainPrefix"] = "abc123defg",
                ["http"] = new JsonObject
                {
                    ["method"] = method,
                    ["path"] = question < 0 ? pathAndQuery : pathAndQuery[..question],
                    ["protocol"] = "HTTP/1.1",
                    ["sourceIp"] = "198.51.100.7",
                    ["userAgent"] = "aws-sdk-dotnet",
                },
                ["requestId"] = "JKJaXmPLvHcESHA=",
                ["routeKey"] = "ANY /orders/{proxy+}",
                ["stage"] = "$default",
                ["time"] = "06/Dec/2026:19:03:58 +0000",
                ["timeEpoch"] = 1796583838390,
            },
        };
    }

    private JsonObject Signed(string method, string pathAndQuery, string accessKeyId, string secret, string? token = null, string domain = Domain)
    {
        fixture.Broker.SyncClock();
        var headers = SdkRequestSigner.Sign(method, new Uri($"https://{Domain}{pathAndQuery}"), "orders", accessKeyId, secret, token,
            signingTime: fixture.Broker.Time.GetUtcNow());
        return AuthorizerEvent(method, pathAndQuery, headers, domain);
    }

    private async Task<JsonElement> InvokeAsync(JsonNode authorizerEvent) => await InvokeAsync(authorizerEvent.ToJsonString());

    private async Task<JsonElement> InvokeAsync(string authorizerEvent)
    {
        var reply = await fixture.RuntimeApi.InvokeAsync(authorizerEvent);
        Assert.True(reply.Kind == "response", reply.ErrorType + " " + reply.Json);
        return reply.Document;
    }

    [Fact]
    public async Task Authorizer_AllowedRequest_IsAuthorizedWithPrincipalContext()
    {
        var answer = await InvokeAsync(Signed("GET", "/orders/42", Bella.AccessKeyId.Value, Bella.SecretAccessKey));

        Assert.True(answer.GetProperty("isAuthorized").GetBoolean());
        var context = answer.GetProperty("context");
        Assert.Equal("arn:aws:iam::222222222222:user/bella", context.GetProperty("principalArn").GetString());
        Assert.Equal("222222222222", context.GetProperty("account").GetString());
        Assert.Equal("AIDABELLA00000000001", context.GetProperty("userId").GetString());
        Assert.Equal("orders:GetOrder", context.GetProperty("action").GetString());
        Assert.Equal("arn:aws:orders:us-east-1:222222222222:order/42", context.GetProperty("resource").GetString());
    }

    [Fact]
    public async Task Authorizer_QueryString_SignedOverRawQueryString()
    {
        var answer = await InvokeAsync(Signed("GET", "/orders?limit=5&status=open", Bella.AccessKeyId.Value, Bella.SecretAccessKey));

        Assert.True(answer.GetProperty("isAuthorized").GetBoolean());
        Assert.Equal("orders:ListOrders", answer.GetProperty("context").GetProperty("action").GetString());
    }

    [Fact]
    public async Task Authorizer_ExplicitDenyInPolicy_NotAuthorized()
    {
        var answer = await InvokeAsync(Signed("DELETE", "/orders/locked-1", Bella.AccessKeyId.Value, Bella.SecretAccessKey));

        Assert.False(answer.GetProperty("isAuthorized").GetBoolean());
        Assert.False(answer.TryGetProperty("context", out _));
    }

    [Fact]
    public async Task Authorizer_NoPolicyAllows_NotAuthorized()
    {
        var answer = await InvokeAsync(Signed("GET", "/orders/42", Bruno.AccessKeyId.Value, Bruno.SecretAccessKey));

        Assert.False(answer.GetProperty("isAuthorized").GetBoolean());
    }

    [Fact]
    public async Task Authorizer_BadSignature_NotAuthorized()
    {
        var answer = await InvokeAsync(Signed("GET", "/orders/42", Bella.AccessKeyId.Value, "wrong-secret-0000000000000000000000000000"));

        Assert.False(answer.GetProperty("isAuthorized").GetBoolean());
    }

    [Fact]
    public async Task Authorizer_SignatureReplayedOnAnotherPath_NotAuthorized()
    {
        var replayed = Signed("GET", "/orders/42", Bella.AccessKeyId.Value, Bella.SecretAccessKey);
        replayed["rawPath"] = "/orders/43";
        replayed["requestContext"]!["http"]!["path"] = "/orders/43";

        var answer = await InvokeAsync(replayed);

        Assert.False(answer.GetProperty("isAuthorized").GetBoolean());
    }

    [Fact]
    public async Task Authorizer_SignatureReplayedOnAnotherDomain_NotAuthorized()
    {
        var answer = await InvokeAsync(Signed("GET", "/orders/42", Bella.AccessKeyId.Value, Bella.SecretAccessKey, domain: "other.example.com"));

        Assert.False(answer.GetProperty("isAuthorized").GetBoolean());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"version":"2.0","type":"REQUEST","rawPath":"/orders/42"}""")]
    public async Task Authorizer_MalformedEvent_NotAuthorizedAndLoopKeepsServing(string malformed)
    {
        var answer = await InvokeAsync(malformed);
        var next = await InvokeAsync(Signed("GET", "/orders/42", Bella.AccessKeyId.Value, Bella.SecretAccessKey));

        Assert.False(answer.GetProperty("isAuthorized").GetBoolean());
        Assert.True(next.GetProperty("isAuthorized").GetBoolean());
    }

    [Theory]
    [InlineData("version", "1.0")]
    [InlineData("type", "TOKEN")]
    [InlineData("rawPath", "orders/42")]
    public async Task Authorizer_EventFieldWrong_NotAuthorized(string field, string value)
    {
        var changed = Signed("GET", "/orders/42", Bella.AccessKeyId.Value, Bella.SecretAccessKey);
        changed[field] = value;

        var answer = await InvokeAsync(changed);

        Assert.False(answer.GetProperty("isAuthorized").GetBoolean());
    }

    [Fact]
    public async Task Authorizer_HeaderValueNotAString_NotAuthorized()
    {
        var changed = Signed("GET", "/orders/42", Bella.AccessKeyId.Value, Bella.SecretAccessKey);
        changed["headers"]!["x-amz-date"] = 20261206;

        var answer = await InvokeAsync(changed);

        Assert.False(answer.GetProperty("isAuthorized").GetBoolean());
    }
}
