using System.Runtime.CompilerServices;
using System.Text;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authentication.WebIdentity;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Tests.WebIdentity;

/// <summary>
/// Inputs that once threw inside the validator (a 500 at the Host): undecodable strings in the header or claims, and
/// far-future expiry times; plus the 24-hour lifetime cap (docs/security.md, "Far-future lifetimes").
/// </summary>
[Collection(WebIdentityServers.Name)]
public sealed class WebIdentityMalformedInputTests(WebIdentityFixture fixture) : IDisposable
{
    private const long EndOfTime = 253_402_300_799;

    private readonly WebIdentityFixture.Harness _harness = fixture.NewHarness(new WebIdentitySettings { RejectReplayedTokens = true });
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        _harness.Dispose();
        _owned.ForEach(o => o.Dispose());
    }

    public static TheoryData<string> UndecodableStrings => new()
    {
        "\"\\ud800\"",
        "\"\\udc00x\"",
        "\"a\\ud83d\"",
    };

    [Theory]
    [MemberData(nameof(UndecodableStrings))]
    public async Task InvalidUtf16EscapeInAlg_InvalidIdentityTokenBeforeSignature(string alg)
    {
        var (idp, provider) = Setup();
        var header = "{\"alg\":" + alg + ",\"kid\":\"k1\"}";

        AssertInvalid(await Validate(Raw(Encoding.UTF8.GetBytes(header), Payload(idp)), provider));
    }

    [Theory]
    [MemberData(nameof(UndecodableStrings))]
    public async Task InvalidUtf16EscapeInIss_InvalidIdentityToken(string iss)
    {
        var (idp, provider) = Setup();
        var payload = "{\"iss\":" + iss + ",\"sub\":\"subject-0001\",\"aud\":\"client-1\",\"exp\":" + (_harness.Now + 300) + "}";

        AssertInvalid(await Validate(Raw(Header(), Encoding.UTF8.GetBytes(payload)), provider));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    public async Task InvalidUtf8InAlgOrIssOrAnyClaimName_InvalidIdentityToken(byte[] bad)
    {
        var (idp, provider) = Setup();
        byte[] Quoted(string before, string after) => [.. Encoding.UTF8.GetBytes(before), .. bad, .. Encoding.UTF8.GetBytes(after)];

        var badAlg = Raw(Quoted("{\"alg\":\"RS", "256\",\"kid\":\"k1\"}"), Payload(idp));
        var badIss = Raw(Header(), Quoted("{\"iss\":\"" + idp.Issuer, "\",\"sub\":\"subject-0001\",\"aud\":\"client-1\",\"exp\":" + (_harness.Now + 300) + "}"));
        var badName = Raw(Header(), Quoted("{\"iss\":\"" + idp.Issuer + "\",\"", "\":1,\"sub\":\"subject-0001\",\"aud\":\"client-1\",\"exp\":" + (_harness.Now + 300) + "}"));

        AssertInvalid(await Validate(badAlg, provider));
        AssertInvalid(await Validate(badIss, provider));
        AssertInvalid(await Validate(badName, provider));
    }

    [Fact]
    public async Task InvalidUtf16EscapeInSignedClaim_InvalidIdentityTokenNotThrown()
    {
        var (idp, provider) = Setup();
        var payload = "{\"iss\":\"" + idp.Issuer + "\",\"sub\":\"subject-0001\",\"aud\":\"client-1\",\"iat\":" + _harness.Now
            + ",\"exp\":" + (_harness.Now + 300) + ",\"https://aws.amazon.com/source_identity\":\"\\ud800\"}";

        AssertInvalid(await Validate(Signed(idp, Header(), Encoding.UTF8.GetBytes(payload)), provider));
    }

    [Fact]
    public async Task ExpAtEndOfTimeWithJti_RefusedAsTooLongNotOverflowed()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims["exp"] = EndOfTime;
        claims["jti"] = "far-future";

        AssertInvalid(await ValidateOnce(idp.Sign(AttackTokens.Header(), claims), provider), WebIdentityMessages.LifetimeTooLong);
    }

    [Fact]
    public async Task ExpAtEndOfTimeWithoutIat_RefusedAsTooLong()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims.Remove("iat");
        claims["exp"] = EndOfTime;

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), claims), provider), WebIdentityMessages.LifetimeTooLong);
    }

    [Fact]
    public async Task ValidForExactly24Hours_AcceptedWithReplayEntryBoundedByExpiry()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims["exp"] = _harness.Now + (long)FederatedTokenLifetime.Max.TotalSeconds;
        claims["jti"] = "one-day";
        WebIdentityReplayKey? recorded = null;

        var result = await _harness.Validator.ValidateAsync(idp.Sign(AttackTokens.Header(), claims), Lookup(provider),
            (key, _) => { recorded = key; return ValueTask.FromResult(true); }, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.NotNull(recorded);
        Assert.True(recorded.ExpiresAt <= _harness.Time.GetUtcNow() + FederatedTokenLifetime.Max + TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task ValidFor24HoursAndOneSecond_RefusedAsTooLong()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims["exp"] = _harness.Now + (long)FederatedTokenLifetime.Max.TotalSeconds + 1;

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), claims), provider), WebIdentityMessages.LifetimeTooLong);
    }

    [Fact]
    public async Task IssuedTwoDaysAgoStillValid_RefusedAsTooLong()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now - (2 * 86_400));
        claims["exp"] = _harness.Now + 60;

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), claims), provider), WebIdentityMessages.LifetimeTooLong);
    }

    [Fact]
    public async Task NbfAtEndOfTime_NotYetValidNotOverflowed()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims["nbf"] = EndOfTime;

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), claims), provider), "not yet valid");
    }

    private (AttackTokens Idp, OidcProvider Provider) Setup([CallerMemberName] string test = "")
    {
        var idp = new AttackTokens(fixture, new string(test.Where(char.IsAsciiLetterOrDigit).ToArray()) + "-" + Guid.NewGuid().ToString("N")[..8]);
        _owned.Add(idp);
        return (idp, OidcProvider.Create(WebIdentityFixture.Account, idp.Issuer, [AttackTokens.ClientId]));
    }

    private byte[] Payload(AttackTokens idp) => Encoding.UTF8.GetBytes(idp.Claims(_harness.Now).ToJsonString());

    private static byte[] Header() => Encoding.UTF8.GetBytes(AttackTokens.Header().ToJsonString());

    private static string Raw(byte[] header, byte[] payload) => TestJwt.B64(header) + "." + TestJwt.B64(payload) + "." + TestJwt.B64([1, 2, 3]);

    private static string Signed(AttackTokens idp, byte[] header, byte[] payload)
    {
        var input = TestJwt.B64(header) + "." + TestJwt.B64(payload);
        return input + "." + TestJwt.B64(TestJwt.Rs(idp.Key, System.Security.Cryptography.HashAlgorithmName.SHA256)(Encoding.ASCII.GetBytes(input)));
    }

    private Task<StsResult<ValidatedWebIdentityToken>> Validate(string token, OidcProvider provider) =>
        _harness.ValidateAsync(token, provider);

    private Task<StsResult<ValidatedWebIdentityToken>> ValidateOnce(string token, OidcProvider provider) =>
        _harness.Validator.ValidateAsync(token, Lookup(provider), (_, _) => ValueTask.FromResult(true), CancellationToken.None);

    private static Func<string, CancellationToken, ValueTask<OidcProvider?>> Lookup(OidcProvider provider) =>
        (issuer, _) => ValueTask.FromResult<OidcProvider?>(issuer == provider.Url ? provider : null);

    private static void AssertInvalid(StsResult<ValidatedWebIdentityToken> result, string? message = null)
    {
        Assert.False(result.IsSuccess);
        Assert.Equal("InvalidIdentityToken", result.Error!.Code);
        Assert.Equal(400, result.Error.HttpStatus);
        if (message is not null)
        {
            Assert.Contains(message, result.Error.Message, StringComparison.Ordinal);
        }
    }
}
