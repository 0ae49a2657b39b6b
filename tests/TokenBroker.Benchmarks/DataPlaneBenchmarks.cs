using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model.Internal.MarshallTransformations;
using BenchmarkDotNet.Attributes;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authentication.Mfa;
using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Model;
using TokenBroker.Core.Operations;
using TokenBroker.Core.Protocol;
using TokenBroker.Core.Revocation;
using TokenBroker.Core.Usage;
using TokenBroker.Embedded;
using TokenBroker.Policy;

namespace TokenBroker.Benchmarks;

/// <summary>
/// The data plane's decision in process for a warm temporary credential (issue 14, performance): SigV4 verify, the
/// verified-token cache, the revocation check and the policy decision (identity ∩ boundary ∩ session ∩ resource policy)
/// for a route-mapped request. The session comes from a real AssumeRole; the forwarded request is signed by AWSSDK.Core.
/// </summary>
[MemoryDiagnoser]
public class DataPlaneBenchmarks
{
    private const string KeyId = "AKIABENCH00000000001";
    private const string Secret = "bench-secret-000000000000000000000000000";
    private static readonly AccountId Account = AccountId.Parse("111111111111");
    private static readonly IReadOnlySet<string> Regions = new HashSet<string> { "us-east-1" };

    private string _folder = null!;
    private EmbeddedStore _store = null!;
    private DirectoryView _directory = null!;
    private ServiceCatalog _service = null!;
    private DataPlaneAuthorizer _authorizer = null!;
    private DataPlaneRequest _request = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "tokenbroker-bench-" + Guid.NewGuid().ToString("N"));
        _store = await EmbeddedStore.CreateAsync(_folder, CancellationToken.None);
        _service = Service();
        await _store.Directory.ReplaceAsync(Directory() with { Services = [_service] }, CancellationToken.None);
        var time = TimeProvider.System;
        var options = new SigV4Options { Regions = Regions };
        var secrets = new SecretAccessKeyDeriver(_store.KeyRing, _store.KeyRecords);
        var cache = new PolicyCache();
        var resolver = new PolicyResolver(cache);
        var audit = new CredentialAudit(_store.AuditLog, time);
        var mfa = new MfaVerifier(_store.Directory, _store.MfaAttempts, MfaLockoutPolicy.Default, audit, time);
        var authenticator = new CallerAuthenticator(new CredentialVerifier(_store.KeyRing, secrets, time),
            new SigV4Parser(options, time), new SigV4Verifier(options), new RevocationChecker(_store.Revocations, time, RevocationChecker.DefaultCacheDuration));
        _directory = await _store.Directory.LoadAsync(CancellationToken.None);
        _authorizer = new DataPlaneAuthorizer(authenticator, resolver, cache, new AuthorizationMessageCodec(secrets, time), new AuthorizationMetrics(),
            new UsageRecorder(_store.Usage, time), time);

        var assumeRequest = SdkSignedRequest.Sign(new AssumeRoleRequestMarshaller().Marshall(new Amazon.SecurityToken.Model.AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::111111111111:role/reader",
            RoleSessionName = "bench",
        }), KeyId, Secret);
        var caller = await authenticator.AuthenticateAsync(assumeRequest, _directory, CancellationToken.None);
        var assumed = await new AssumeRoleOperation(resolver, cache, mfa, new CredentialIssuer(_store.KeyRing, secrets, time), audit, time).ExecuteAsync(
            caller.Value, _directory, Core.Operations.AssumeRoleRequest.Bind(QueryParameters.Parse(System.Text.Encoding.ASCII.GetString(assumeRequest.Body.Span)).Value).Value,
            new CallContext("bench", "127.0.0.1", "bench", false, "us-east-1"), CancellationToken.None);
        var credentials = assumed.Value.Issued.Credentials;
        _request = Forwarded(credentials.AccessKeyId.Value, credentials.SecretAccessKey, credentials.SessionToken);
        if (!await Decide())
        {
            throw new InvalidOperationException("The benchmark request is not allowed.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        System.IO.Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public async Task<bool> Decide() =>
        (await _authorizer.DecideAsync(_service, _request, _directory, Regions, CancellationToken.None)).IsAllowed;

    private static DataPlaneRequest Forwarded(string keyId, string secret, string token)
    {
        var request = new DefaultRequest(new Amazon.SecurityToken.Model.GetCallerIdentityRequest(), "AmazonSecurityTokenService")
        {
            Endpoint = new Uri("https://api.example.com"),
            HttpMethod = "GET",
            ResourcePath = "/orders/42",
            Content = [],
        };
        request.Headers["X-Amz-Security-Token"] = token;
        var config = new AmazonSecurityTokenServiceConfig { ServiceURL = "https://api.example.com", AuthenticationRegion = "us-east-1", AuthenticationServiceName = "orders" };
        request.Headers["Authorization"] = new AWS4Signer().SignRequest(request, config, null, keyId, secret, TimeProvider.System.GetUtcNow().UtcDateTime).ForAuthorizationHeader;
        var signed = new SigV4Request("GET", "/orders/42", "", request.Headers.ToList(), ReadOnlyMemory<byte>.Empty)
        {
            PayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        };
        return new DataPlaneRequest(signed, null, null, new Dictionary<string, IReadOnlyList<string>>(), "203.0.113.7", true, "bench");
    }

    private static ServiceCatalog Service() => new(
        "orders",
        Account,
        [new ServiceAction("GetOrder", AccessLevel.Read, ["order"], [])],
        [new ServiceResourceType("order", "arn:aws:orders:${Region}:${Account}:order/${OrderId}")],
        [new ServiceRoute("GET", "/orders/{OrderId}", "GetOrder", "order")],
        [new ServiceResourcePolicy("arn:aws:orders:*:111111111111:order/*",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"orders:GetOrder","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""")],
        []);

    private static DirectorySnapshot Directory()
    {
        const string allow = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole"],"Resource":"*"}]}""";
        const string orders = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"orders:*","Resource":"arn:aws:orders:*:111111111111:order/*"}]}""";
        const string trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]}""";
        var user = new IamUser(Account, "bench", "AIDABENCH000000000001", "/", [new InlinePolicy("p", allow)], [], [], null, []);
        var key = new AccessKey(AccessKeyId.Parse(KeyId), Account, "bench", Secret, AccessKeyStatus.Active, DateTimeOffset.UnixEpoch);
        var boundary = new ManagedPolicy(Account, "Boundary", "ANPABENCHBOUNDARY0001", "/", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"orders:Get*","Resource":"*"}]}""");
        var role = new IamRole(Account, "reader", "AROABENCHREADER00001", "/", trust, [new InlinePolicy("p", orders)], [], 3600,
            "arn:aws:iam::111111111111:policy/Boundary", [new Tag("team", "bench")]);
        return new DirectorySnapshot([new AccountSnapshot(Account, [user], [key], [], [], [boundary], [role], [], [])]);
    }
}
