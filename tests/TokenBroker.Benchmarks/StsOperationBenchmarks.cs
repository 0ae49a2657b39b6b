using TokenBroker.Core.Audit;
using Amazon.SecurityToken.Model;
using Amazon.SecurityToken.Model.Internal.MarshallTransformations;
using BenchmarkDotNet.Attributes;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authentication.Mfa;
using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;
using TokenBroker.Core.Operations;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Protocol;
using TokenBroker.Core.Revocation;
using TokenBroker.Embedded;
using TokenBroker.Policy;

namespace TokenBroker.Benchmarks;

/// <summary>
/// Whole operations in process, as the Host runs them after reading the request: SigV4 parse and verify, caller
/// lookup in the SQLite directory behind the Host's one-second read cache, trust evaluation (AssumeRole), issuance. XML rendering and HTTP are not included.
/// </summary>
[MemoryDiagnoser]
public class StsOperationBenchmarks
{
    private const string KeyId = "AKIABENCH00000000001";
    private const string Secret = "bench-secret-000000000000000000000000000";

    private static readonly AccountId Account = AccountId.Parse("111111111111");

    private string _folder = null!;
    private static readonly CallContext Call = new("bench", "127.0.0.1", "bench", false, "us-east-1");
    private EmbeddedStore _store = null!;
    private DirectoryView _directory = null!;
    private CallerAuthenticator _authenticator = null!;
    private GetSessionTokenOperation _getSessionToken = null!;
    private AssumeRoleOperation _assumeRole = null!;
    private SigV4Request _getSessionTokenRequest = null!;
    private SigV4Request _assumeRoleRequest = null!;
    private QueryParameters _getSessionTokenParameters = null!;
    private QueryParameters _assumeRoleParameters = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "tokenbroker-bench-" + Guid.NewGuid().ToString("N"));
        _store = await EmbeddedStore.CreateAsync(_folder, CancellationToken.None);
        await _store.Directory.ReplaceAsync(Directory(), CancellationToken.None);

        var time = TimeProvider.System;
        var options = new SigV4Options { Regions = new HashSet<string> { "us-east-1" } };
        var secrets = new SecretAccessKeyDeriver(_store.KeyRing, _store.KeyRecords);
        var issuer = new CredentialIssuer(_store.KeyRing, secrets, time);
        var verifier = new CredentialVerifier(_store.KeyRing, secrets, time);
        var cache = new PolicyCache();
        _directory = await _store.Directory.LoadAsync(CancellationToken.None);
        var mfa = new MfaVerifier(_store.Directory, _store.MfaAttempts, MfaLockoutPolicy.Default, new CredentialAudit(_store.AuditLog, time), time);
        var revocation = new RevocationChecker(_store.Revocations, time, RevocationChecker.DefaultCacheDuration);
        _authenticator = new CallerAuthenticator(verifier, new SigV4Parser(options, time), new SigV4Verifier(options), revocation);
        var audit = new CredentialAudit(_store.AuditLog, time);
        _getSessionToken = new GetSessionTokenOperation(issuer, mfa, audit);
        _assumeRole = new AssumeRoleOperation(new PolicyResolver(cache), cache, mfa, issuer, audit, time);

        _getSessionTokenRequest = SdkSignedRequest.Sign(new GetSessionTokenRequestMarshaller().Marshall(new Amazon.SecurityToken.Model.GetSessionTokenRequest { DurationSeconds = 900 }), KeyId, Secret);
        _assumeRoleRequest = SdkSignedRequest.Sign(new AssumeRoleRequestMarshaller().Marshall(new Amazon.SecurityToken.Model.AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::111111111111:role/bench",
            RoleSessionName = "bench",
        }), KeyId, Secret);
        _getSessionTokenParameters = QueryParameters.Parse(System.Text.Encoding.ASCII.GetString(_getSessionTokenRequest.Body.Span)).Value;
        _assumeRoleParameters = QueryParameters.Parse(System.Text.Encoding.ASCII.GetString(_assumeRoleRequest.Body.Span)).Value;
        if (!await AssumeRole() || !await GetSessionToken())
        {
            throw new InvalidOperationException("The benchmark requests do not succeed.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        System.IO.Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public async Task<bool> GetSessionToken()
    {
        var directory = _directory;
        var caller = await _authenticator.AuthenticateAsync(_getSessionTokenRequest, directory, CancellationToken.None);
        return caller.IsSuccess && (await _getSessionToken.ExecuteAsync(caller.Value, directory, Core.Operations.GetSessionTokenRequest.Bind(_getSessionTokenParameters).Value, Call, CancellationToken.None)).IsSuccess;
    }

    [Benchmark]
    public async Task<bool> AssumeRole()
    {
        var directory = _directory;
        var caller = await _authenticator.AuthenticateAsync(_assumeRoleRequest, directory, CancellationToken.None);
        return caller.IsSuccess && (await _assumeRole.ExecuteAsync(caller.Value, directory, Core.Operations.AssumeRoleRequest.Bind(_assumeRoleParameters).Value, Call, CancellationToken.None)).IsSuccess;
    }

    /// <summary>
    /// 64 AssumeRole calls at once on the thread pool, as Kestrel runs concurrent requests: the audit log commits them in
    /// shared transactions (group commit), so the time per call is the CPU cost plus a share of one durable commit, where
    /// <see cref="AssumeRole"/> alone waits for a whole commit (an fsync) per call.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Concurrent)]
    public async Task<bool> AssumeRoleConcurrent()
    {
        var calls = new Task<bool>[Concurrent];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = Task.Run(AssumeRole);
        }

        return (await Task.WhenAll(calls)).All(succeeded => succeeded);
    }

    private const int Concurrent = 64;

    /// <summary>The benchmark account: user bench with an access key, role bench that trusts the account.</summary>
    internal static DirectorySnapshot Directory()
    {
        const string allow = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","s3:GetObject"],"Resource":"*"}]}""";
        const string trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"StringLike":{"sts:RoleSessionName":"*"}}}]}""";
        var user = new IamUser(Account, "bench", "AIDABENCH000000000001", "/", [new InlinePolicy("p", allow)], [], [], null, []);
        var key = new AccessKey(AccessKeyId.Parse(KeyId), Account, "bench", Secret, AccessKeyStatus.Active, DateTimeOffset.UnixEpoch);
        var role = new IamRole(Account, "bench", "AROABENCH000000000001", "/", trust, [new InlinePolicy("p", allow)], [], 3600, null, []);
        return new DirectorySnapshot([new AccountSnapshot(Account, [user], [key], [], [], [], [role], [], [])]);
    }
}
