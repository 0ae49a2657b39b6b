using Amazon.KeyManagementService;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Model;
using TokenBroker.Core.Revocation;
using TokenBroker.Core.Usage;
using TokenBroker.Policy;

namespace TokenBroker.Aws.Tests;

/// <summary>
/// Issue 14: a data-plane decision for a warm temporary credential makes no KMS call. The decision runs on the KMS key
/// ring (moto) and the DynamoDB stores, with every key-ring call counted; requests are signed by AWSSDK.Core's signer.
/// </summary>
public sealed class DataPlaneKmsCallTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly AccountId Account = AccountId.Parse("111111111111");
    private static readonly IReadOnlySet<string> Regions = new HashSet<string> { "us-east-1" };
    private readonly AwsStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Fact]
    public async Task DecideAsync_WarmTemporaryCredential_NoKmsCallsAfterWarmUp()
    {
        var store = await _stores.CreateAsync();
        var counting = new CountingKeyRing(_stores.LastKeyRing!);
        var time = TimeProvider.System;
        var role = Role();
        var service = Service();
        await store.Directory.ReplaceAsync(new DirectorySnapshot([new AccountSnapshot(Account, [], [], [], [], [], [role], [], [])]) with
        {
            Services = [service],
        }, None);
        var directory = await store.Directory.LoadAsync(None);
        using var secrets = new SecretAccessKeyDeriver(counting, store.KeyRecords);
        using var issuer = new CredentialIssuer(counting, secrets, time);
        using var verifier = new CredentialVerifier(counting, secrets, time);
        using var metrics = new AuthorizationMetrics();
        var options = new SigV4Options { Regions = Regions };
        var cache = new PolicyCache();
        var authorizer = new DataPlaneAuthorizer(
            new CallerAuthenticator(verifier, new SigV4Parser(options, time), new SigV4Verifier(options),
                new RevocationChecker(store.Revocations, time, RevocationChecker.DefaultCacheDuration)),
            new PolicyResolver(cache), cache, new AuthorizationMessageCodec(secrets, time), metrics, new UsageRecorder(store.Usage, time), time);
        var credentials = (await issuer.IssueAsync(
            SessionGrant.ForRole(role, "reader", 3600, SessionPolicies.None, ([], []), null, (false, null), 0, null, null), None)).Value.Credentials;

        // Warm-up: the first use verifies the token (the root public key was fetched when the key ring opened) and
        // unwraps the data key behind the session secret; a first denial encodes its message with the derived key.
        Assert.True((await authorizer.DecideAsync(service, Signed(credentials, "GET", "/orders/0"), directory, Regions, None)).IsAllowed);
        Assert.NotNull((await authorizer.DecideAsync(service, Signed(credentials, "DELETE", "/orders/0"), directory, Regions, None)).EncodedMessage);
        var afterWarmUp = counting.Calls;
        Assert.True(afterWarmUp > 0, "The counter sees the key ring's calls: issuance certified a signing key and the secret needed the data key.");

        for (var i = 1; i <= 100; i++)
        {
            var allowed = await authorizer.DecideAsync(service, Signed(credentials, "GET", "/orders/" + i), directory, Regions, None);
            var denied = await authorizer.DecideAsync(service, Signed(credentials, "DELETE", "/orders/" + i), directory, Regions, None);
            Assert.True(allowed.IsAllowed);
            Assert.False(denied.IsAllowed);
            Assert.NotNull(denied.EncodedMessage);
        }

        Assert.Equal(afterWarmUp, counting.Calls);
    }

    /// <summary>A forwarded request signed for service "orders" with the session's credentials, each with its own path and signature.</summary>
    private static DataPlaneRequest Signed(TemporaryCredentials credentials, string method, string path)
    {
        var request = new DefaultRequest(new Amazon.KeyManagementService.Model.ListKeysRequest(), "orders")
        {
            Endpoint = new Uri("https://api.example.com"),
            HttpMethod = method,
            ResourcePath = path,
            Content = [],
        };
        request.Headers["X-Amz-Security-Token"] = credentials.SessionToken;
        var config = new AmazonKeyManagementServiceConfig
        {
            ServiceURL = "https://api.example.com", AuthenticationRegion = "us-east-1", AuthenticationServiceName = "orders",
        };
        request.Headers["Authorization"] = new AWS4Signer().SignRequest(
            request, config, null, credentials.AccessKeyId.Value, credentials.SecretAccessKey, TimeProvider.System.GetUtcNow().UtcDateTime).ForAuthorizationHeader;
        var signed = new SigV4Request(method, path, "", [.. request.Headers], ReadOnlyMemory<byte>.Empty)
        {
            PayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        };
        return new DataPlaneRequest(signed, null, null, new Dictionary<string, IReadOnlyList<string>>(), "203.0.113.7", true, "test");
    }

    private static IamRole Role()
    {
        const string trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]}""";
        const string orders = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"orders:GetOrder","Resource":"arn:aws:orders:*:111111111111:order/*"}]}""";
        return new IamRole(Account, "reader", "AROAKMSTESTREADER0001", "/", trust, [new InlinePolicy("orders", orders)], [], 3600, null, []);
    }

    private static ServiceCatalog Service() => new(
        "orders",
        Account,
        [new ServiceAction("GetOrder", AccessLevel.Read, ["order"], []), new ServiceAction("DeleteOrder", AccessLevel.Write, ["order"], [])],
        [new ServiceResourceType("order", "arn:aws:orders:${Region}:${Account}:order/${OrderId}")],
        [new ServiceRoute("GET", "/orders/{OrderId}", "GetOrder", "order"), new ServiceRoute("DELETE", "/orders/{OrderId}", "DeleteOrder", "order")],
        [],
        []);
}
