using TokenBroker.Core.Audit;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using TokenBroker.Core.Authentication.Saml;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;
using TokenBroker.Core.Operations;
using TokenBroker.Core.Protocol;
using TokenBroker.Embedded;
using TokenBroker.Policy;

namespace TokenBroker.Benchmarks;

/// <summary>
/// The whole AssumeRoleWithSAML in-process (issue 5): bind, role and provider lookups in SQLite, validation, trust policy,
/// issuance. The replay cache is off here, since one signed response can be accepted only once with it on; its cost
/// (one SQLite insert) is measured on its own.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet calls GlobalCleanup, which disposes them.")]
public class AssumeRoleWithSamlBenchmarks
{
    private static readonly AccountId Account = AccountId.Parse("111122223333");
    private static readonly CallContext Call = new("bench", "127.0.0.1", null, true, "us-east-1");

    private string _folder = "";
    private EmbeddedStore _store = null!;
    private CredentialIssuer _issuer = null!;
    private AssumeRoleWithSamlOperation _operation = null!;
    private DirectoryView _directory = null!;
    private Core.Ports.IReplayCache _replayCache = null!;
    private QueryParameters _parameters = null!;
    private long _replayKey;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=idp", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(SamlBenchmarks.IssueInstant.AddDays(-1), SamlBenchmarks.IssueInstant.AddYears(1));
        var provider = new SamlProvider(Account, "TestIdp", SamlBenchmarks.EntityId, [certificate.RawData]);
        var trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"" + provider.Arn +
            "\"},\"Action\":[\"sts:AssumeRoleWithSAML\",\"sts:TagSession\"],\"Condition\":{\"StringEquals\":{\"saml:aud\":\"https://signin.aws.amazon.com/saml\"}}}]}";
        var role = new IamRole(Account, "SamlReader", "AROASAMLREADER0000000", "/", trust, [], [], 43200, null, []);

        _folder = Path.Combine(Path.GetTempPath(), "tokenbroker-bench-" + Guid.NewGuid().ToString("N"));
        _store = await EmbeddedStore.CreateAsync(_folder, CancellationToken.None);
        await _store.Directory.ReplaceAsync(new DirectorySnapshot([new AccountSnapshot(Account, [], [], [], [], [], [role], [provider], [])]), CancellationToken.None);
        var time = new FixedTimeProvider(SamlBenchmarks.IssueInstant.AddMinutes(1));
        var cache = new PolicyCache();
        _issuer = new CredentialIssuer(_store.KeyRing, new SecretAccessKeyDeriver(_store.KeyRing, _store.KeyRecords), time);
        _replayCache = _store.CreateReplayCache(time);
        _operation = new AssumeRoleWithSamlOperation(
            _replayCache, new PolicyResolver(cache), cache, _issuer, new CredentialAudit(_store.AuditLog, time),
            new AssumeRoleWithSamlSettings(new SamlValidationSettings(), ReplayCache: false), time);

        _directory = await _store.Directory.LoadAsync(CancellationToken.None);
        var assertion = SamlBenchmarks.Sign(rsa, certificate, "//*[local-name()='Assertion']", "_a1");
        _parameters = QueryParameters.Parse(
            "Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn=" + Uri.EscapeDataString(role.Arn.ToString()) +
            "&PrincipalArn=" + Uri.EscapeDataString(provider.Arn.ToString()) + "&SAMLAssertion=" + Uri.EscapeDataString(assertion)).Value;
        if (!await AssumeRoleWithSaml())
        {
            throw new InvalidOperationException("The benchmark call must succeed, or the figures measure a rejection.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _issuer.Dispose();
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public async Task<bool> AssumeRoleWithSaml() =>
        (await _operation.ExecuteAsync(_directory, AssumeRoleWithSamlRequest.Bind(_parameters).Value, Call, CancellationToken.None)).IsSuccess;

    /// <summary>What the replay cache adds per call: one new assertion ID recorded in SQLite.</summary>
    [Benchmark]
    public Task<bool> ReplayCacheRecord() =>
        _replayCache.TryAddAsync("bench-" + Interlocked.Increment(ref _replayKey), SamlBenchmarks.IssueInstant.AddMinutes(10), CancellationToken.None);

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
