using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;
using TokenBroker.Core.Outbound;
using TokenBroker.Embedded;

namespace TokenBroker.Host.Tests.Outbound;

/// <summary>
/// Key rotation on a FakeTimeProvider over a real SQLite store: the next key is published a whole interval before it
/// signs, the previous stays published until its last token has expired plus the clock skew, and never longer.
/// </summary>
public sealed class SigningKeyRotationTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(2);
    private static readonly AccountId Account = AccountId.Parse("333333333333");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tokenbroker-oidc-keys-" + Guid.NewGuid().ToString("N"));

    // Ten minutes before the end of a rotation slot.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch + (Interval * 246_000) - TimeSpan.FromMinutes(10));
    private EmbeddedStore _store = null!;
    private SecretAccessKeyDeriver _deriver = null!;
    private OidcSigningKeys _keys = null!;
    private OidcDocuments _documents = null!;
    private readonly OutboundIssuer _issuer = OutboundIssuer.TryCreate("https://broker.example.com", out _)!;

    public async Task InitializeAsync()
    {
        _store = await EmbeddedStore.CreateAsync(_folder, CancellationToken.None);
        _deriver = new SecretAccessKeyDeriver(_store.KeyRing, _store.KeyRecords);
        _keys = new OidcSigningKeys(_deriver, _store.KeyRing, _store.KeyRecords, _time, Interval);
        _documents = new OidcDocuments(_issuer, _keys);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _keys.Dispose();
        _deriver.Dispose();
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("ES384")]
    [InlineData("RS256")]
    public async Task Rotation_TokenSignedBeforeRotation_VerifiesUntilItExpiresThenItsKeyIsWithdrawn(string algorithm)
    {
        var token = await IssueAsync(algorithm, TimeSpan.FromHours(1));
        var kid = new JsonWebToken(token).Kid;

        _time.Advance(TimeSpan.FromMinutes(20));
        var signingNow = await _keys.GetSigningKeyAsync(algorithm, CancellationToken.None);
        Assert.NotEqual(kid, signingNow.KeyId);
        Assert.True(await VerifiesAsync(token), LastFailure);

        // The token expires 50 minutes after the rotation; its key stays the longest token lifetime (60 minutes) plus
        // the 5-minute skew after the rotation, for verifiers whose clocks run behind, and is withdrawn after that.
        _time.Advance(TimeSpan.FromMinutes(30));
        Assert.True(await VerifiesAsync(token), LastFailure);
        _time.Advance(TimeSpan.FromMinutes(24));
        Assert.Contains(kid, await PublishedKeyIdsAsync());
        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(kid, await PublishedKeyIdsAsync());
        Assert.False(await VerifiesAsync(token));
    }

    [Fact]
    public async Task Rotation_NextKey_IsPublishedAWholeIntervalBeforeItSigns()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch + (Interval * 246_000) + TimeSpan.FromMinutes(1));
        using var keys = new OidcSigningKeys(_deriver, _store.KeyRing, _store.KeyRecords, time, Interval);
        var published = await keys.GetPublishedKeysAsync(CancellationToken.None);
        var publishedEarly = published.Select(k => k.KeyId).ToList();

        time.Advance(Interval);
        var signing = await keys.GetSigningKeyAsync(SigningAlgorithms.Es384, CancellationToken.None);

        Assert.Contains(signing.KeyId, publishedEarly);
        Assert.Equal(signing.UseFrom, published.Single(k => k.KeyId == signing.KeyId).UseFrom);
    }

    [Fact]
    public async Task Jwks_SecondInstanceOverTheSameStore_PublishesTheSameKeys()
    {
        using var deriver = new SecretAccessKeyDeriver(_store.KeyRing, _store.KeyRecords);
        using var other = new OidcSigningKeys(deriver, _store.KeyRing, _store.KeyRecords, _time, Interval);

        var first = await _documents.GetJwksAsync(CancellationToken.None);
        var second = await new OidcDocuments(_issuer, other).GetJwksAsync(CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(4, (await PublishedKeyIdsAsync()).Count);
    }

    [Fact]
    public async Task Jwks_ServedTwice_IsTheSameBufferFromMemory()
    {
        var first = await _documents.GetJwksAsync(CancellationToken.None);
        var second = await _documents.GetJwksAsync(CancellationToken.None);

        Assert.Same(first, second);
    }

    [Fact]
    public async Task SigningKeys_StoredRecord_IsSealedNotAPlainPrivateKey()
    {
        var key = await _keys.GetSigningKeyAsync(SigningAlgorithms.Es384, CancellationToken.None);
        var slot = (long)Math.Floor((_time.GetUtcNow() - DateTimeOffset.UnixEpoch) / Interval);

        var stored = await _store.KeyRecords.GetAsync($"oidc/signing-key/v2/ES384/{slot}", CancellationToken.None);

        Assert.NotNull(stored);
        using var probe = System.Security.Cryptography.ECDsa.Create();
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => probe.ImportPkcs8PrivateKey(stored, out _));
        Assert.False(string.IsNullOrEmpty(key.KeyId));
    }

    [Theory]
    [InlineData("ES384")]
    [InlineData("RS256")]
    public async Task SigningKeys_KeyPlantedWithTheDataKeyButAnotherRootKey_IsNeitherUsedNorPublished(string algorithm)
    {
        // The attacker holds the data key and can write the key-record store, but not the root key: the key they plant
        // for the current slot is sealed correctly and certified by their own root key.
        var otherFolder = Path.Combine(Path.GetTempPath(), "tokenbroker-oidc-other-" + Guid.NewGuid().ToString("N"));
        using (var other = await EmbeddedStore.CreateAsync(otherFolder, CancellationToken.None))
        {
            using var planter = new OidcSigningKeys(_deriver, other.KeyRing, _store.KeyRecords, _time, Interval);
            await planter.GetSigningKeyAsync(algorithm, CancellationToken.None);
        }

        Directory.Delete(otherFolder, recursive: true);

        await Assert.ThrowsAsync<System.Security.Cryptography.CryptographicException>(
            async () => await _keys.GetSigningKeyAsync(algorithm, CancellationToken.None));
        await Assert.ThrowsAsync<System.Security.Cryptography.CryptographicException>(
            () => _documents.GetJwksAsync(CancellationToken.None));
    }

    private async Task<string> IssueAsync(string algorithm, TimeSpan lifetime)
    {
        var now = _time.GetUtcNow();
        var content = new WebIdentityTokenContent(_issuer.For(Account), "arn:aws:iam::333333333333:user/u", ["aud"], now, now + lifetime,
            Guid.NewGuid().ToString(), Account, "us-east-1", [], []);
        return WebIdentityTokenWriter.Write(content, await _keys.GetSigningKeyAsync(algorithm, CancellationToken.None));
    }

    private async Task<List<string>> PublishedKeyIdsAsync()
    {
        using var jwks = JsonDocument.Parse(await _documents.GetJwksAsync(CancellationToken.None));
        return [.. jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
    }

    // Microsoft.IdentityModel checks the signature against the JWKS as published now; lifetime is checked on the fake clock.
    private async Task<bool> VerifiesAsync(string token)
    {
        var set = new JsonWebKeySet(System.Text.Encoding.UTF8.GetString(await _documents.GetJwksAsync(CancellationToken.None)));
        var now = _time.GetUtcNow().UtcDateTime;
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _issuer.For(Account),
            ValidAudience = "aud",
            IssuerSigningKeys = set.GetSigningKeys(),
            LifetimeValidator = (notBefore, expires, _, _) => notBefore <= now && now < expires,
        });
        LastFailure = result.Exception?.Message;
        return result.IsValid;
    }

    private string? LastFailure { get; set; }
}
