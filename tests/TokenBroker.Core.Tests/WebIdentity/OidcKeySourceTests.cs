using System.Security.Cryptography;
using TokenBroker.Core.Authentication.WebIdentity;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Tests.WebIdentity;

/// <summary>JWKS caching against the real static server: freshness, stale-while-revalidate, rotation and the kid-miss rate limit.</summary>
[Collection(WebIdentityServers.Name)]
public sealed class OidcKeySourceTests(WebIdentityFixture fixture) : IDisposable
{
    private readonly WebIdentityFixture.Harness _harness = fixture.NewHarness();
    private readonly AttackTokens _idp = new(fixture, "keys-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        _harness.Dispose();
        _idp.Dispose();
    }

    private OidcProvider Provider => OidcProvider.Create(WebIdentityFixture.Account, _idp.Issuer, [AttackTokens.ClientId]);

    [Fact]
    public async Task ValidateAsync_WarmCache_FetchesOnce()
    {
        for (var i = 0; i < 3; i++)
        {
            var result = await _harness.ValidateAsync(Token("k1", _idp.Key), Provider);
            Assert.True(result.IsSuccess, result.Error?.Message);
        }

        Assert.Equal(1, _harness.Keys.FetchCount);
    }

    [Fact]
    public async Task JwksRotated_NewKeyPickedUpAfterKidMiss_RemovedKeyRefused()
    {
        Assert.True((await _harness.ValidateAsync(Token("k1", _idp.Key), Provider)).IsSuccess);
        using var next = RSA.Create(2048);
        fixture.ReplaceJwks(_idp.Tenant, TestJwt.Jwks(TestJwt.RsaJwk(next, "k2")));

        var rotated = await _harness.ValidateAsync(Token("k2", next), Provider);
        var removed = await _harness.ValidateAsync(Token("k1", _idp.Key), Provider);
        _harness.Time.Advance(TimeSpan.FromSeconds(31));
        var removedLater = await _harness.ValidateAsync(Token("k1", _idp.Key), Provider);

        Assert.True(rotated.IsSuccess, rotated.Error?.Message);
        Assert.Equal("InvalidIdentityToken", removed.Error?.Code);
        Assert.Equal("InvalidIdentityToken", removedLater.Error?.Code);
        Assert.Equal(3, _harness.Keys.FetchCount);
    }

    [Fact]
    public async Task UnknownKid_RepeatedWithinInterval_RefreshesOnce()
    {
        for (var i = 0; i < 5; i++)
        {
            var result = await _harness.ValidateAsync(Token("made-up-" + i, _idp.Key), Provider);
            Assert.Equal("InvalidIdentityToken", result.Error?.Code);
        }

        Assert.Equal(2, _harness.Keys.FetchCount);
        _harness.Time.Advance(TimeSpan.FromSeconds(30));
        await _harness.ValidateAsync(Token("made-up-again", _idp.Key), Provider);
        Assert.Equal(3, _harness.Keys.FetchCount);
    }

    [Fact]
    public async Task StaleWhileRevalidate_ProviderDownAfterFreshPeriod_ServesStaleThenFailsClosed()
    {
        Assert.True((await _harness.ValidateAsync(Token("k1", _idp.Key), Provider)).IsSuccess);
        fixture.RemoveTenant(_idp.Tenant);

        _harness.Time.Advance(TimeSpan.FromMinutes(11));
        var stale = await _harness.ValidateAsync(Token("k1", _idp.Key), Provider);
        _harness.Time.Advance(TimeSpan.FromMinutes(60));
        var expired = await _harness.ValidateAsync(Token("k1", _idp.Key), Provider);

        Assert.True(stale.IsSuccess, stale.Error?.Message);
        Assert.Equal("IDPCommunicationError", expired.Error?.Code);
    }

    [Fact]
    public async Task StaleWhileRevalidate_BackgroundRefresh_PicksUpRotation()
    {
        Assert.True((await _harness.ValidateAsync(Token("k1", _idp.Key), Provider)).IsSuccess);
        using var next = RSA.Create(2048);
        fixture.ReplaceJwks(_idp.Tenant, TestJwt.Jwks(TestJwt.RsaJwk(next, "k2")));
        _harness.Time.Advance(TimeSpan.FromMinutes(11));

        var stale = await _harness.ValidateAsync(Token("k1", _idp.Key), Provider);
        await WaitForFetchCountAsync(2);
        var afterRefresh = await _harness.ValidateAsync(Token("k1", _idp.Key), Provider);

        Assert.True(stale.IsSuccess, stale.Error?.Message);
        Assert.Equal("InvalidIdentityToken", afterRefresh.Error?.Code);
    }

    private async Task WaitForFetchCountAsync(long count)
    {
        // The background refresh runs on real sockets; poll its landing without asserting any timing.
        for (var i = 0; i < 200 && _harness.Keys.FetchCount < count; i++)
        {
            await Task.Delay(25);
        }

        await Task.Delay(100);
    }

    private string Token(string kid, RSA key)
    {
        var claims = _idp.Claims(_harness.Now);
        return TestJwt.Encode(AttackTokens.Header(kid: kid), claims, TestJwt.Rs(key, HashAlgorithmName.SHA256));
    }
}
