using BenchmarkDotNet.Attributes;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;
using TokenBroker.Core.Outbound;
using TokenBroker.Embedded;

namespace TokenBroker.Benchmarks;

/// <summary>
/// GetWebIdentityToken's issuance step in process: the warm slot key from memory, claims written, one ES384 or RS256
/// signature; and the JWKS as the endpoint serves it. Authorization and the audit append are not included.
/// </summary>
[MemoryDiagnoser]
public class WebIdentityTokenBenchmarks : IDisposable
{
    private static readonly AccountId Account = AccountId.Parse("111111111111");

    private string _folder = null!;
    private EmbeddedStore _store = null!;
    private SecretAccessKeyDeriver _deriver = null!;
    private OidcSigningKeys _keys = null!;
    private OidcDocuments _documents = null!;
    private OutboundIssuer _issuer = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "tokenbroker-bench-" + Guid.NewGuid().ToString("N"));
        _store = await EmbeddedStore.CreateAsync(_folder, CancellationToken.None);
        _deriver = new SecretAccessKeyDeriver(_store.KeyRing, _store.KeyRecords);
        _keys = new OidcSigningKeys(_deriver, _store.KeyRing, _store.KeyRecords, TimeProvider.System);
        _issuer = OutboundIssuer.TryCreate("https://broker.example.com", out _)!;
        _documents = new OidcDocuments(_issuer, _keys);
        await _documents.GetJwksAsync(CancellationToken.None);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _keys.Dispose();
        _deriver.Dispose();
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public async Task<string> IssueEs384() => await IssueAsync(SigningAlgorithms.Es384);

    [Benchmark]
    public async Task<string> IssueRs256() => await IssueAsync(SigningAlgorithms.Rs256);

    [Benchmark]
    public Task<byte[]> Jwks() => _documents.GetJwksAsync(CancellationToken.None);

    private async Task<string> IssueAsync(string algorithm)
    {
        var now = TimeProvider.System.GetUtcNow();
        var content = new WebIdentityTokenContent(_issuer.For(Account), "arn:aws:iam::111111111111:user/ci", ["https://api.example.com"], now,
            now.AddSeconds(300), Guid.NewGuid().ToString(), Account, "us-east-1", [new Tag("team", "platform")], []);
        return WebIdentityTokenWriter.Write(content, await _keys.GetSigningKeyAsync(algorithm, CancellationToken.None));
    }
}
