using Microsoft.Extensions.Time.Testing;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Ports;
using TokenBroker.Embedded;

namespace TokenBroker.Core.Tests.Credentials;

/// <summary>A real local root key in a temp folder, an in-memory key record store, fake time, an issuer and a verifier.</summary>
internal sealed class CredentialHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private readonly string _folder;
    private readonly LocalKeyRing _localKeyRing;

    public CredentialHarness(FakeTimeProvider? time = null, IKeyRecordStore? records = null)
    {
        _folder = Path.Combine(Path.GetTempPath(), "tokenbroker-tests-" + Guid.NewGuid().ToString("N"));
        _localKeyRing = LocalKeyRing.Create(_folder);
        KeyRing = new CountingKeyRing(_localKeyRing);
        Time = time ?? new FakeTimeProvider(Start);
        Records = records ?? new InMemoryKeyRecordStore();
        Secrets = new SecretAccessKeyDeriver(KeyRing, Records);
        Issuer = new CredentialIssuer(KeyRing, Secrets, Time);
        Verifier = new CredentialVerifier(KeyRing, Secrets, Time);
    }

    public CountingKeyRing KeyRing { get; }

    public FakeTimeProvider Time { get; }

    public IKeyRecordStore Records { get; }

    public SecretAccessKeyDeriver Secrets { get; }

    public CredentialIssuer Issuer { get; }

    public CredentialVerifier Verifier { get; }

    public async Task<IssuedCredentials> IssueAsync(SessionGrant? grant = null)
    {
        var result = await Issuer.IssueAsync(grant ?? Grants.AssumedRole(), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    public ValueTask<Errors.StsResult<VerifiedSession>> VerifyAsync(TemporaryCredentials credentials) =>
        Verifier.VerifyAsync(credentials.AccessKeyId, credentials.SessionToken, CancellationToken.None);

    public void Dispose()
    {
        Issuer.Dispose();
        Verifier.Dispose();
        Secrets.Dispose();
        _localKeyRing.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
