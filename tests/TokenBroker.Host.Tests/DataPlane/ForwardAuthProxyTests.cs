using System.Text.Json;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Revocation;
using TokenBroker.Host.Tests.Interop;
using static TokenBroker.Host.Tests.DataPlane.DataPlaneDirectory;

namespace TokenBroker.Host.Tests.DataPlane;

/// <summary>Forward auth behind real nginx (auth_request) and Caddy (forward_auth), with clients that sign as users do.</summary>
public class ForwardAuthProxyTests(ProxiesFixture proxies) : IClassFixture<ProxiesFixture>
{
    private DataPlaneBrokerFixture Broker => proxies.Broker;

    private async Task<(int Status, string Body)> CurlAsync(string proxy, string method, string path, string keyId, string secret, string? token = null, params string[] extra)
    {
        Broker.SyncClock();
        List<string> arguments = ["-s", "--max-time", "30", "-o", "-", "-w", "\n%{http_code}", "-X", method, "--aws-sigv4", "aws:amz:us-east-1:orders", "--user", $"{keyId}:{secret}"];
        if (token is not null)
        {
            arguments.AddRange(["-H", "x-amz-security-token: " + token]);
        }

        arguments.AddRange(extra);
        arguments.Add(new Uri(proxies.Proxies[proxy], path).ToString());
        var (exit, stdout, stderr) = await ExternalClient.RunAsync("curl", arguments, new Dictionary<string, string>());
        Assert.True(exit == 0, stderr);
        var newline = stdout.LastIndexOf('\n');
        return (int.Parse(stdout[(newline + 1)..], System.Globalization.CultureInfo.InvariantCulture), stdout[..newline]);
    }

    private async Task<Amazon.SecurityToken.Model.Credentials> AssumeReaderAsync(string session)
    {
        Broker.SyncClock();
        using var bella = Broker.Client(Bella.AccessKeyId.Value, Bella.SecretAccessKey);
        return (await bella.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = ReaderRole, RoleSessionName = session })).Credentials;
    }

    [Theory]
    [InlineData("nginx")]
    [InlineData("caddy")]
    public async Task CurlAwsSigV4_AllowedRequest_ReachesUpstreamWithPrincipalHeaders(string proxy)
    {
        var (status, body) = await CurlAsync(proxy, "GET", "/orders/42?expand=items", Bella.AccessKeyId.Value, Bella.SecretAccessKey);

        Assert.True(status == 200, body);
        using var seen = JsonDocument.Parse(body);
        Assert.Equal("/orders/42?expand=items", seen.RootElement.GetProperty("path").GetString());
        Assert.Equal("arn:aws:iam::222222222222:user/bella", seen.RootElement.GetProperty("x-tokenbroker-principal-arn").GetString());
        Assert.Equal("222222222222", seen.RootElement.GetProperty("x-tokenbroker-account").GetString());
        Assert.Equal("AIDABELLA00000000001", seen.RootElement.GetProperty("x-tokenbroker-user-id").GetString());
        Assert.Equal("{\"dept\":\"bella\"}", Uri.UnescapeDataString(seen.RootElement.GetProperty("x-tokenbroker-principal-tags").GetString()!));
        Assert.False(seen.RootElement.TryGetProperty("x-tokenbroker-proxy-key", out var key) && key.GetString()!.Length > 0);
    }

    [Theory]
    [InlineData("nginx")]
    [InlineData("caddy")]
    public async Task CurlAwsSigV4_TemporaryCredentials_BoundaryAndRevocationApply(string proxy)
    {
        var credentials = await AssumeReaderAsync("curl-" + proxy);

        var read = await CurlAsync(proxy, "GET", "/orders/7", credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
        var write = await CurlAsync(proxy, "POST", "/orders", credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
        Broker.Time.Advance(TimeSpan.FromSeconds(1));
        await Broker.Services.GetRequiredService<IRevocationStore>().SetCutoffAsync(
            RevocationScope.Role, RevocationSubjects.Normalize(RevocationScope.Role, ReaderRole), Broker.Time.GetUtcNow(), CancellationToken.None);
        Broker.Time.Advance(TimeSpan.FromSeconds(1));
        var revoked = await CurlAsync(proxy, "GET", "/orders/7", credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);

        Assert.Equal(200, read.Status);
        Assert.Contains("assumed-role/order-reader/curl-" + proxy, read.Body, StringComparison.Ordinal);
        Assert.Equal(403, write.Status);
        Assert.Equal(401, revoked.Status);
    }

    [Fact]
    public async Task Caddy_Denied_ClientGetsAwsXmlWithEncodedMessage()
    {
        var (status, body) = await CurlAsync("caddy", "POST", "/orders", Bruno.AccessKeyId.Value, Bruno.SecretAccessKey);

        Assert.Equal(403, status);
        Assert.Contains("<Code>AccessDenied</Code>", body, StringComparison.Ordinal);
        Assert.Contains("User: arn:aws:iam::222222222222:user/bruno is not authorized to perform: orders:CreateOrder on resource: * because no identity-based policy allows the orders:CreateOrder action. Encoded authorization failure message: ", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nginx")]
    [InlineData("caddy")]
    public async Task CurlAwsSigV4_ForgedSignature_401(string proxy)
    {
        var (status, body) = await CurlAsync(proxy, "GET", "/orders/42", Bella.AccessKeyId.Value, "not-the-secret");

        Assert.Equal(401, status);
        if (proxy == "caddy")
        {
            Assert.Contains("<Code>SignatureDoesNotMatch</Code>", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("nginx")]
    [InlineData("caddy")]
    public async Task Proxy_ClientInjectsPrincipalHeader_UpstreamSeesTheAuthorizedOne(string proxy)
    {
        Broker.SyncClock();
        const string script = """
            import sys, urllib.request
            from botocore.auth import SigV4Auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            url = sys.argv[1] + "/orders/bruno-1"
            request = AWSRequest(method="GET", url=url)
            SigV4Auth(Credentials(sys.argv[2], sys.argv[3]), "orders", "us-east-1").add_auth(request)
            headers = dict(request.headers)
            headers["X-TokenBroker-Principal-Arn"] = "arn:aws:iam::222222222222:user/admin"
            headers["X-TokenBroker-Account"] = "999999999999"
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
                print(response.read().decode())
            """;

        var (exit, stdout, stderr) = await ExternalClient.RunAsync("python3",
            ["-c", script, proxies.Proxies[proxy].ToString().TrimEnd('/'), Bruno.AccessKeyId.Value, Bruno.SecretAccessKey], new Dictionary<string, string>());

        Assert.True(exit == 0, stderr);
        using var seen = JsonDocument.Parse(stdout);
        Assert.Equal("arn:aws:iam::222222222222:user/bruno", seen.RootElement.GetProperty("x-tokenbroker-principal-arn").GetString());
        Assert.Equal("222222222222", seen.RootElement.GetProperty("x-tokenbroker-account").GetString());
    }

    [Theory]
    [InlineData("nginx", "X-Forwarded-Method", "X-Forwarded-Uri")]
    [InlineData("caddy", "X-Original-Method", "X-Original-URI")]
    public async Task Proxy_ClientSmugglesOriginalRequestHeaders_Refused(string proxy, string methodHeader, string uriHeader)
    {
        Broker.SyncClock();
        const string script = """
            import sys, urllib.request
            from botocore.auth import SigV4Auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            allowed = sys.argv[1] + "/orders/bruno-1"
            request = AWSRequest(method="GET", url=allowed)
            SigV4Auth(Credentials(sys.argv[2], sys.argv[3]), "orders", "us-east-1").add_auth(request)
            headers = dict(request.headers)
            headers[sys.argv[4]] = "GET"
            headers[sys.argv[5]] = "/orders/bruno-1"
            try:
                with urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/orders/other", method="DELETE", headers=headers), timeout=30) as response:
                    print(response.status)
            except urllib.error.HTTPError as error:
                print(error.code)
            """;

        var (exit, stdout, stderr) = await ExternalClient.RunAsync("python3",
            ["-c", script, proxies.Proxies[proxy].ToString().TrimEnd('/'), Bruno.AccessKeyId.Value, Bruno.SecretAccessKey, methodHeader, uriHeader],
            new Dictionary<string, string>());

        Assert.True(exit == 0, stderr);
        Assert.NotEqual("200", stdout.Trim());
    }

    [Theory]
    [InlineData("nginx")]
    [InlineData("caddy")]
    public async Task Proxy_ClientSignsItsOwnProxyKeyHeader_Refused(string proxy)
    {
        var (status, _) = await CurlAsync(proxy, "GET", "/orders/bruno-1", Bruno.AccessKeyId.Value, Bruno.SecretAccessKey, null,
            "-H", "X-TokenBroker-Proxy-Key: edge-1:guess");

        Assert.Equal(401, status);
    }

    [Theory]
    [InlineData("nginx")]
    [InlineData("caddy")]
    public async Task Boto3SigV4Auth_SignedRequestThroughProxy_AllowedAndDenied(string proxy)
    {
        Broker.SyncClock();
        const string script = """
            import json, sys, urllib.request
            from botocore.auth import SigV4Auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            results = []
            for method, url in [("GET", sys.argv[1] + "/orders/42"), ("DELETE", sys.argv[1] + "/orders/locked-1")]:
                request = AWSRequest(method=method, url=url, headers={"x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"})
                SigV4Auth(Credentials(sys.argv[2], sys.argv[3]), "orders", "us-east-1").add_auth(request)
                prepared = urllib.request.Request(url, method=method, headers=dict(request.headers))
                try:
                    with urllib.request.urlopen(prepared, timeout=30) as response:
                        results.append(response.status)
                except urllib.error.HTTPError as error:
                    results.append(error.code)
            print(json.dumps(results))
            """;

        var (exit, stdout, stderr) = await ExternalClient.RunAsync("python3",
            ["-c", script, proxies.Proxies[proxy].ToString().TrimEnd('/'), Bella.AccessKeyId.Value, Bella.SecretAccessKey], new Dictionary<string, string>());

        Assert.True(exit == 0, stderr);
        Assert.Equal("[200, 403]", stdout.Trim());
    }

    [Theory]
    [InlineData("nginx")]
    [InlineData("caddy")]
    public async Task SmithySignatureV4_TemporaryCredentialsThroughProxy_Allowed(string proxy)
    {
        var credentials = await AssumeReaderAsync("smithy-" + proxy);
        Broker.SyncClock();

        var (exit, stdout, stderr) = await ExternalClient.RunAsync("node",
            [TokenBroker.Tests.Repository.File("tests", "js-client", "sign-fetch.mjs"), "GET", new Uri(proxies.Proxies[proxy], "/orders/9").ToString(), "orders", "us-east-1"],
            ExternalClient.Credentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));

        Assert.True(exit == 0, stderr);
        using var result = JsonDocument.Parse(stdout);
        Assert.Equal(200, result.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("assumed-role/order-reader/smithy-" + proxy, result.RootElement.GetProperty("body").GetString(), StringComparison.Ordinal);
    }
}
