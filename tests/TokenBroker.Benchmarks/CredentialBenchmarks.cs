using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;
using TokenBroker.Embedded;
using PrincipalKind = TokenBroker.Policy.Evaluation.PrincipalKind;

namespace TokenBroker.Benchmarks;

/// <summary>Issuing and verifying temporary credentials with the real local root key (architecture note §4).</summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet calls GlobalCleanup, which disposes them.")]
public class CredentialBenchmarks
{
    private static readonly AccountId Account = AccountId.Parse("111111111111");

    private readonly SessionGrant _grant = new(
        PrincipalKind.AssumedRole,
        Account,
        Arn.AssumedRole(Account, "demo", "alice-session"),
        Arn.IamRole(Account, "/", "demo"),
        "AROAEXAMPLEROLEID1234:alice-session",
        "AROAEXAMPLEROLEID1234",
        "alice-session",
        TimeSpan.FromHours(1),
        new SessionPolicies("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""", []),
        [new Tag("Project", "Unicorn"), new Tag("CostCenter", "12345")],
        ["Project"],
        "alice",
        false,
        null,
        0,
        null);

    private readonly ECDsa _referenceKey =
        ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private byte[] _referenceMessage = [];
    private byte[] _referenceSignature = [];
    private string _folder = "";
    private LocalKeyRing _keyRing = null!;
    private SecretAccessKeyDeriver _secrets = null!;
    private CredentialIssuer _issuer = null!;
    private CredentialVerifier _coldVerifier = null!;
    private CredentialVerifier _warmVerifier = null!;
    private TemporaryCredentials[] _credentials = [];
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "tokenbroker-bench-" + Guid.NewGuid().ToString("N"));
        _keyRing = LocalKeyRing.Create(_folder);
        _secrets = new SecretAccessKeyDeriver(_keyRing, new InMemoryKeyRecordStore());
        _issuer = new CredentialIssuer(_keyRing, _secrets, TimeProvider.System);

        // Capacity 1 and two alternating tokens: every cold verification misses the cache.
        _coldVerifier = new CredentialVerifier(_keyRing, _secrets, TimeProvider.System, cacheCapacity: 1);
        _warmVerifier = new CredentialVerifier(_keyRing, _secrets, TimeProvider.System);
        _credentials = [(await IssueAsync()).Credentials, (await IssueAsync()).Credentials];
        _referenceMessage = Convert.FromBase64String(_credentials[0].SessionToken);
        _referenceSignature = ReferenceSign();
        await _coldVerifier.VerifyAsync(_credentials[0].AccessKeyId, _credentials[0].SessionToken, CancellationToken.None);
        await _warmVerifier.VerifyAsync(_credentials[0].AccessKeyId, _credentials[0].SessionToken, CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _issuer.Dispose();
        _coldVerifier.Dispose();
        _warmVerifier.Dispose();
        _secrets.Dispose();
        _keyRing.Dispose();
        _referenceKey.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "Issue one credential (warm signing key)")]
    public async Task<IssuedCredentials> IssueAsync()
    {
        var result = await _issuer.IssueAsync(_grant, CancellationToken.None);
        return result.Value;
    }

    [Benchmark(Description = "Verify a new token (cold: ECDSA verify)")]
    public async Task<VerifiedSession> VerifyNewTokenAsync()
    {
        var credentials = _credentials[_next++ & 1];
        var result = await _coldVerifier.VerifyAsync(credentials.AccessKeyId, credentials.SessionToken, CancellationToken.None);
        return result.Value;
    }

    [Benchmark(Description = "Verify a seen token (cache hit)")]
    public async Task<VerifiedSession> VerifySeenTokenAsync()
    {
        var credentials = _credentials[0];
        var result = await _warmVerifier.VerifyAsync(credentials.AccessKeyId, credentials.SessionToken, CancellationToken.None);
        return result.Value;
    }

    /// <summary>Reference: the bare ECDSA P-256 signature every issuance pays (compare on a loaded machine).</summary>
    [Benchmark(Description = "Reference: ECDSA P-256 sign")]
    public byte[] ReferenceSign() =>
        _referenceKey.SignData(_referenceMessage, HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>Reference: the bare ECDSA P-256 verification a new token pays.</summary>
    [Benchmark(Description = "Reference: ECDSA P-256 verify")]
    public bool ReferenceVerify() =>
        _referenceKey.VerifyData(_referenceMessage, _referenceSignature, HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
}
