using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using TokenBroker.Core.Authentication.WebIdentity;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Tests;

namespace TokenBroker.Core.Tests.WebIdentity;

/// <summary>Each test is one attack on AssumeRoleWithWebIdentity token validation, named for it, and must be rejected.</summary>
[Collection(WebIdentityServers.Name)]
public sealed class WebIdentityAttackTests(WebIdentityFixture fixture) : IDisposable
{
    private readonly WebIdentityFixture.Harness _harness = fixture.NewHarness();
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        _harness.Dispose();
        _owned.ForEach(o => o.Dispose());
    }

    [Fact]
    public async Task Baseline_ValidTokenFromTheSameSetup_Accepted()
    {
        var (idp, provider) = Setup();

        var result = await Validate(idp.Sign(AttackTokens.Header(), idp.Claims(_harness.Now)), provider);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal("subject-0001", result.Value.SubjectFromWebIdentityToken);
    }

    [Fact]
    public async Task AlgNone_EmptySignature_Rejected()
    {
        var (idp, provider) = Setup();
        var token = TestJwt.Raw("""{"alg":"none","kid":"k1"}""", idp.Claims(_harness.Now).ToJsonString(), "");

        AssertInvalid(await Validate(token, provider));
    }

    [Fact]
    public async Task AlgNone_WithAnySignature_Rejected()
    {
        var (idp, provider) = Setup();
        var token = TestJwt.Encode(AttackTokens.Header("none"), idp.Claims(_harness.Now), _ => [1, 2, 3]);

        AssertInvalid(await Validate(token, provider), "Unsupported signing algorithm");
    }

    [Theory]
    [InlineData("spki")]
    [InlineData("pem")]
    [InlineData("modulus")]
    public async Task Hs256_SignedWithThePublicKeyAsSecret_Rejected(string form)
    {
        var (idp, provider) = Setup();
        var secret = form switch
        {
            "spki" => idp.Key.ExportSubjectPublicKeyInfo(),
            "pem" => Encoding.ASCII.GetBytes(idp.Key.ExportSubjectPublicKeyInfoPem()),
            _ => idp.Key.ExportParameters(false).Modulus!,
        };
        var token = TestJwt.Encode(AttackTokens.Header("HS256"), idp.Claims(_harness.Now), TestJwt.Hs256(secret));

        AssertInvalid(await Validate(token, provider), "Unsupported signing algorithm");
    }

    [Theory]
    [InlineData("../../../../../../dev/null")]
    [InlineData("' OR '1'='1")]
    [InlineData("k1' --")]
    [InlineData("/etc/passwd")]
    [InlineData("k1\u0000")]
    public async Task KidInjection_TokenSignedByTheRealKey_Rejected(string kid)
    {
        var (idp, provider) = Setup();
        var token = idp.Sign(AttackTokens.Header(kid: kid), idp.Claims(_harness.Now));

        AssertInvalid(await Validate(token, provider), "Couldn't retrieve verification key");
    }

    [Fact]
    public async Task EmbeddedJwk_AttackerKeyInHeader_Ignored()
    {
        var (idp, provider) = Setup();
        using var attacker = RSA.Create(2048);
        var header = AttackTokens.Header(kid: "attacker");
        header["jwk"] = TestJwt.RsaJwk(attacker, "attacker");
        var token = TestJwt.Encode(header, idp.Claims(_harness.Now), TestJwt.Rs(attacker, HashAlgorithmName.SHA256));

        AssertInvalid(await Validate(token, provider), "Couldn't retrieve verification key");
    }

    [Fact]
    public async Task EmbeddedJwk_AttackerKeyWithTheRealKid_SignatureRejected()
    {
        var (idp, provider) = Setup();
        using var attacker = RSA.Create(2048);
        var header = AttackTokens.Header();
        header["jwk"] = TestJwt.RsaJwk(attacker, "k1");
        var token = TestJwt.Encode(header, idp.Claims(_harness.Now), TestJwt.Rs(attacker, HashAlgorithmName.SHA256));

        AssertInvalid(await Validate(token, provider), "Signature validation failed");
    }

    [Theory]
    [InlineData("jku")]
    [InlineData("x5u")]
    public async Task KeyUrlHeader_PointingAtAttackerJwks_Ignored(string member)
    {
        var (idp, provider) = Setup();
        using var attacker = RSA.Create(2048);
        var attackerIssuer = fixture.PublishTenant(Unique("attacker"), TestJwt.Jwks(TestJwt.RsaJwk(attacker, "attacker")));
        var header = AttackTokens.Header(kid: "attacker");
        header[member] = attackerIssuer + "/jwks";
        var token = TestJwt.Encode(header, idp.Claims(_harness.Now), TestJwt.Rs(attacker, HashAlgorithmName.SHA256));

        AssertInvalid(await Validate(token, provider), "Couldn't retrieve verification key");
    }

    [Fact]
    public async Task X5c_AttackerCertificateInHeader_Ignored()
    {
        var (idp, provider) = Setup();
        using var attacker = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=attacker", attacker, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var header = AttackTokens.Header();
        header["x5c"] = new JsonArray(Convert.ToBase64String(certificate.RawData));
        var token = TestJwt.Encode(header, idp.Claims(_harness.Now), TestJwt.Rs(attacker, HashAlgorithmName.SHA256));

        AssertInvalid(await Validate(token, provider), "Signature validation failed");
    }

    [Fact]
    public async Task Expired_BeyondClockSkew_ExpiredTokenException()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now - 1000);
        claims["exp"] = _harness.Now - 120;

        var result = await Validate(idp.Sign(AttackTokens.Header(), claims), provider);

        Assert.Equal("ExpiredTokenException", result.Error?.Code);
        Assert.Equal(400, result.Error?.HttpStatus);
        Assert.Equal($"Token expired: current date/time {_harness.Now} must be before the expiration date/time {_harness.Now - 120}",
            result.Error?.Message);
    }

    [Fact]
    public async Task Expired_WithinClockSkew_Accepted()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now - 1000);
        claims["exp"] = _harness.Now - 30;

        var result = await Validate(idp.Sign(AttackTokens.Header(), claims), provider);

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Fact]
    public async Task NotYetValid_NbfInTheFuture_Rejected()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims["nbf"] = _harness.Now + 600;
        claims["exp"] = _harness.Now + 900;

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), claims), provider), "not yet valid");
    }

    [Fact]
    public async Task FutureIat_TenYearsAhead_Rejected()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims["iat"] = _harness.Now + (10L * 365 * 86400);

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), claims), provider), "issued in the future");
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("string")]
    [InlineData("float")]
    [InlineData("exponent")]
    [InlineData("negative")]
    public async Task Exp_MissingOrNotAnInteger_Rejected(string form)
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        var exp = _harness.Now + 300;
        claims.Remove("exp");
        var json = claims.ToJsonString();
        json = form switch
        {
            "missing" => json,
            "string" => json[..^1] + $",\"exp\":\"{exp}\"}}",
            "float" => json[..^1] + $",\"exp\":{exp}.5}}",
            "exponent" => json[..^1] + ",\"exp\":2e9}",
            _ => json[..^1] + ",\"exp\":-1}",
        };
        var token = SignRaw(idp, """{"alg":"RS256","kid":"k1"}""", json);

        AssertInvalid(await Validate(token, provider), "Timestamps");
    }

    [Fact]
    public async Task WrongIssuer_NoProvider()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims["iss"] = "https://evil.example";

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), claims), provider),
            "No OpenIDConnect provider found in your account for https://evil.example");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/.")]
    [InlineData("#")]
    public async Task IssuerWithTrailingSlash_NoProvider(string suffix)
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims["iss"] = idp.Issuer + suffix;

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), claims), provider), "No OpenIDConnect provider found");
    }

    [Fact]
    public async Task IssuerInAnotherCase_NoProvider()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims["iss"] = idp.Issuer.Replace("https://", "HTTPS://", StringComparison.Ordinal);

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), claims), provider), "No OpenIDConnect provider found");
    }

    [Theory]
    [InlineData("\"client-2\"")]
    [InlineData("\"client-1/\"")]
    [InlineData("\"CLIENT-1\"")]
    [InlineData("\"\"")]
    [InlineData("[]")]
    [InlineData("[\"client-2\",\"client-3\"]")]
    [InlineData("[[\"client-1\"]]")]
    [InlineData("{\"aud\":\"client-1\"}")]
    [InlineData("null")]
    public async Task WrongAud_IncorrectTokenAudience(string audJson)
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims["aud"] = JsonNode.Parse(audJson);

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), claims), provider), "Incorrect token audience");
    }

    [Fact]
    public async Task MissingAud_IncorrectTokenAudience()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims.Remove("aud");

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), claims), provider), "Incorrect token audience");
    }

    [Fact]
    public async Task AudArrayWithOurs_Accepted()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims["aud"] = new JsonArray("other", AttackTokens.ClientId);

        var result = await Validate(idp.Sign(AttackTokens.Header(), claims), provider);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(AttackTokens.ClientId, result.Value.Audience);
    }

    [Fact]
    public async Task WrongAzp_TokenIssuedToAnotherParty_Rejected()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims["aud"] = new JsonArray(AttackTokens.ClientId, "other-app");
        claims["azp"] = "other-app";

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), claims), provider), "Incorrect token authorized party");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData(42)]
    public async Task MissingSub_Rejected(object? sub)
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims.Remove("sub");
        if (sub is not null)
        {
            claims["sub"] = JsonValue.Create(sub);
        }

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), claims), provider), "sub");
    }

    [Fact]
    public async Task SubTooLong_Rejected()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims["sub"] = new string('s', 256);

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), claims), provider), "sub");
    }

    [Fact]
    public async Task KeyFromAnotherProvider_SameKid_SignatureRejected()
    {
        var (idp, provider) = Setup();
        using var other = new AttackTokens(fixture, Unique("other"), ownKey: true);
        var token = TestJwt.Encode(AttackTokens.Header(), idp.Claims(_harness.Now), TestJwt.Rs(other.Key, HashAlgorithmName.SHA256));

        AssertInvalid(await Validate(token, provider, OidcProvider.Create(WebIdentityFixture.Account, other.Issuer, [AttackTokens.ClientId])),
            "Signature validation failed");
    }

    [Fact]
    public async Task KeyFromAnotherProvider_OtherIssuerKid_NotFound()
    {
        var (idp, provider) = Setup();
        using var other = RSA.Create(2048);
        fixture.ReplaceJwks(idp.Tenant, TestJwt.Jwks(TestJwt.RsaJwk(idp.Key, "k1")));
        var otherIssuer = fixture.PublishTenant(Unique("other"), TestJwt.Jwks(TestJwt.RsaJwk(other, "k-other")));
        var token = TestJwt.Encode(AttackTokens.Header(kid: "k-other"), idp.Claims(_harness.Now), TestJwt.Rs(other, HashAlgorithmName.SHA256));

        AssertInvalid(await Validate(token, provider, OidcProvider.Create(WebIdentityFixture.Account, otherIssuer, [AttackTokens.ClientId])),
            "Couldn't retrieve verification key");
    }

    [Fact]
    public async Task Rsa1024_WeakKeyInJwks_Rejected()
    {
        using var weak = RSA.Create(1024);
        var tenant = Unique("weak");
        var issuer = fixture.PublishTenant(tenant, TestJwt.Jwks(TestJwt.RsaJwk(weak, "weak")));
        var provider = OidcProvider.Create(WebIdentityFixture.Account, issuer, [AttackTokens.ClientId]);
        var claims = new JsonObject { ["iss"] = issuer, ["sub"] = "subject-0001", ["aud"] = AttackTokens.ClientId, ["exp"] = _harness.Now + 300 };
        var token = TestJwt.Encode(AttackTokens.Header(kid: "weak"), claims, TestJwt.Rs(weak, HashAlgorithmName.SHA256));

        AssertInvalid(await Validate(token, provider), "Couldn't retrieve verification key");
    }

    [Fact]
    public async Task JwksUnreachable_ClosedPort_IdpCommunicationError()
    {
        var issuer = $"https://127.0.0.1:{LoopbackPort.Free()}/gone";
        var provider = OidcProvider.Create(WebIdentityFixture.Account, issuer, [AttackTokens.ClientId]);
        using var key = RSA.Create(2048);
        var claims = new JsonObject { ["iss"] = issuer, ["sub"] = "subject-0001", ["aud"] = AttackTokens.ClientId, ["exp"] = _harness.Now + 300 };

        var result = await Validate(TestJwt.Encode(AttackTokens.Header(), claims, TestJwt.Rs(key, HashAlgorithmName.SHA256)), provider);

        Assert.Equal("IDPCommunicationError", result.Error?.Code);
        Assert.Equal(400, result.Error?.HttpStatus);
    }

    [Fact]
    public async Task JwksUnreachable_NotFound_IdpCommunicationError()
    {
        var (idp, provider) = Setup();
        fixture.RemoveTenant(idp.Tenant);

        var result = await Validate(idp.Sign(AttackTokens.Header(), idp.Claims(_harness.Now)), provider);

        Assert.Equal("IDPCommunicationError", result.Error?.Code);
    }

    [Fact]
    public async Task DiscoveryNamesAnotherIssuer_Rejected()
    {
        using var idp = new AttackTokens(fixture, Unique("mixup"));
        fixture.PublishTenant(idp.Tenant, TestJwt.Jwks(TestJwt.RsaJwk(idp.Key, "k1")), issuerOverride: "https://other.example");
        var provider = OidcProvider.Create(WebIdentityFixture.Account, idp.Issuer, [AttackTokens.ClientId]);

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), idp.Claims(_harness.Now)), provider), "Couldn't retrieve verification key");
    }

    [Fact]
    public async Task DiscoveryWithPlainHttpJwksUri_Rejected()
    {
        using var idp = new AttackTokens(fixture, Unique("plainjwks"));
        var httpJwks = idp.Issuer.Replace("https://", "http://", StringComparison.Ordinal) + "/jwks";
        fixture.PublishTenant(idp.Tenant, TestJwt.Jwks(TestJwt.RsaJwk(idp.Key, "k1")), jwksUriOverride: httpJwks);
        var provider = OidcProvider.Create(WebIdentityFixture.Account, idp.Issuer, [AttackTokens.ClientId]);

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), idp.Claims(_harness.Now)), provider), "Couldn't retrieve verification key");
    }

    [Fact]
    public async Task TokenReplay_SameJtiTwice_SecondRejected()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims["jti"] = "jti-0001";
        var token = idp.Sign(AttackTokens.Header(), claims);
        var used = new ConcurrentDictionary<string, DateTimeOffset>();
        ValueTask<bool> TryUseOnce(WebIdentityReplayKey key, CancellationToken _) => ValueTask.FromResult(used.TryAdd(key.Key, key.ExpiresAt));

        var first = await _harness.Validator.ValidateAsync(token, Lookup(provider), TryUseOnce, CancellationToken.None);
        var second = await _harness.Validator.ValidateAsync(token, Lookup(provider), TryUseOnce, CancellationToken.None);

        Assert.True(first.IsSuccess, first.Error?.Message);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(_harness.Now + 300 + 60), first.Value.ReplayKey!.ExpiresAt);
        Assert.DoesNotContain("jti-0001", first.Value.ReplayKey.Key, StringComparison.Ordinal);
        AssertInvalid(second, "already used");
    }

    [Fact]
    public async Task TokenReplay_DifferentJti_BothAccepted()
    {
        var (idp, provider) = Setup();
        var used = new ConcurrentDictionary<string, DateTimeOffset>();
        ValueTask<bool> TryUseOnce(WebIdentityReplayKey key, CancellationToken _) => ValueTask.FromResult(used.TryAdd(key.Key, key.ExpiresAt));

        foreach (var jti in new[] { "jti-a", "jti-b" })
        {
            var claims = idp.Claims(_harness.Now);
            claims["jti"] = jti;
            var result = await _harness.Validator.ValidateAsync(idp.Sign(AttackTokens.Header(), claims), Lookup(provider), TryUseOnce,
                CancellationToken.None);
            Assert.True(result.IsSuccess, result.Error?.Message);
        }

        Assert.Equal(2, used.Count);
    }

    [Fact]
    public async Task OversizedToken_RejectedBeforeAnyFetch()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims["pad"] = new string('p', 20_000);

        var result = await Validate(idp.Sign(AttackTokens.Header(), claims), provider);

        AssertInvalid(result);
        Assert.Equal(0, _harness.Keys.FetchCount);
    }

    [Theory]
    [InlineData("!!!.???.***")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9=.e30.AAAA")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9 .e30.AAAA")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30+.AAAA")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30.AAAA/")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e31.AAAA")]
    [InlineData("a.b.c")]
    [InlineData("....")]
    [InlineData("abcd")]
    public async Task GarbageBase64_Rejected(string token)
    {
        var (_, provider) = Setup();

        AssertInvalid(await Validate(token, provider));
        Assert.Equal(0, _harness.Keys.FetchCount);
    }

    [Fact]
    public async Task NonCanonicalBase64_TrailingBitsChanged_Rejected()
    {
        var (idp, provider) = Setup();
        var token = idp.Sign(AttackTokens.Header(), idp.Claims(_harness.Now));
        var signature = token[(token.LastIndexOf('.') + 1)..];
        // 256 signature bytes encode to 342 characters: the last carries 2 unused bits that must be zero.
        var last = signature[^1];
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var tampered = token[..^1] + alphabet[alphabet.IndexOf(last, StringComparison.Ordinal) | 1];

        AssertInvalid(await Validate(tampered, provider));
    }

    [Fact]
    public async Task Jwe_FiveParts_Rejected()
    {
        var (_, provider) = Setup();
        var header = TestJwt.B64(Encoding.UTF8.GetBytes("""{"alg":"RSA-OAEP","enc":"A256GCM","kid":"k1"}"""));
        var token = string.Join('.', header, "AAAA", "AAAAAAAAAAAAAAAA", "AAAA", "AAAAAAAAAAAAAAAAAAAAAA");

        AssertInvalid(await Validate(token, provider));
    }

    [Fact]
    public async Task JsonSerialization_Rejected()
    {
        var (idp, provider) = Setup();
        var compact = idp.Sign(AttackTokens.Header(), idp.Claims(_harness.Now)).Split('.');
        var token = $$"""{"payload":"{{compact[1]}}","protected":"{{compact[0]}}","signature":"{{compact[2]}}"}""";

        AssertInvalid(await Validate(token, provider));
    }

    [Fact]
    public async Task CritHeader_UnknownExtension_Rejected()
    {
        var (idp, provider) = Setup();
        var header = AttackTokens.Header();
        header["crit"] = new JsonArray("http://example.com/must-understand");
        header["http://example.com/must-understand"] = true;

        AssertInvalid(await Validate(idp.Sign(header, idp.Claims(_harness.Now)), provider));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task B64False_UnencodedPayload_Rejected(bool listedInCrit)
    {
        var (idp, provider) = Setup();
        var header = AttackTokens.Header();
        header["b64"] = false;
        if (listedInCrit)
        {
            header["crit"] = new JsonArray("b64");
        }

        AssertInvalid(await Validate(idp.Sign(header, idp.Claims(_harness.Now)), provider));
    }

    [Fact]
    public async Task Es256WithP384Key_CurveMismatch_Rejected()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var issuer = fixture.PublishTenant(Unique("curve"), TestJwt.Jwks(TestJwt.EcJwk(p384, "ec", "P-384")));
        var provider = OidcProvider.Create(WebIdentityFixture.Account, issuer, [AttackTokens.ClientId]);
        var claims = new JsonObject { ["iss"] = issuer, ["sub"] = "subject-0001", ["aud"] = AttackTokens.ClientId, ["exp"] = _harness.Now + 300 };
        var token = TestJwt.Encode(AttackTokens.Header("ES256", "ec"), claims, TestJwt.Es(p384, HashAlgorithmName.SHA256));

        AssertInvalid(await Validate(token, provider), "Couldn't retrieve verification key");
    }

    [Fact]
    public async Task Es384WithP384Key_Accepted()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var issuer = fixture.PublishTenant(Unique("curve-ok"), TestJwt.Jwks(TestJwt.EcJwk(p384, "ec", "P-384")));
        var provider = OidcProvider.Create(WebIdentityFixture.Account, issuer, [AttackTokens.ClientId]);
        var claims = new JsonObject { ["iss"] = issuer, ["sub"] = "subject-0001", ["aud"] = AttackTokens.ClientId, ["exp"] = _harness.Now + 300 };
        var token = TestJwt.Encode(AttackTokens.Header("ES384", "ec"), claims, TestJwt.Es(p384, HashAlgorithmName.SHA384));

        var result = await Validate(token, provider);

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Fact]
    public async Task RsaKeyUsedForEs256_KeyTypeMismatch_Rejected()
    {
        var (idp, provider) = Setup();
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var token = TestJwt.Encode(AttackTokens.Header("ES256"), idp.Claims(_harness.Now), TestJwt.Es(ec, HashAlgorithmName.SHA256));

        AssertInvalid(await Validate(token, provider), "Couldn't retrieve verification key");
    }

    [Fact]
    public async Task Ps256_NotInAwsAllowList_Rejected()
    {
        var (idp, provider) = Setup();
        var token = TestJwt.Encode(AttackTokens.Header("PS256"), idp.Claims(_harness.Now), TestJwt.Ps(idp.Key, HashAlgorithmName.SHA256));

        AssertInvalid(await Validate(token, provider), "Unsupported signing algorithm");
    }

    [Fact]
    public async Task Ps256_AllowedByTheProvider_Accepted()
    {
        using var idp = new AttackTokens(fixture, Unique("pss"));
        fixture.ReplaceJwks(idp.Tenant, TestJwt.Jwks(TestJwt.RsaJwk(idp.Key, "k1", alg: null)));
        var provider = OidcProvider.Create(WebIdentityFixture.Account, idp.Issuer, [AttackTokens.ClientId],
            allowedAlgorithms: new HashSet<string> { "PS256" });
        var token = TestJwt.Encode(AttackTokens.Header("PS256"), idp.Claims(_harness.Now), TestJwt.Ps(idp.Key, HashAlgorithmName.SHA256));

        var result = await Validate(token, provider);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal("PS256", result.Value.Algorithm);
    }

    [Fact]
    public async Task TamperedPayload_SignatureRejected()
    {
        var (idp, provider) = Setup();
        var parts = idp.Sign(AttackTokens.Header(), idp.Claims(_harness.Now)).Split('.');
        var claims = idp.Claims(_harness.Now);
        claims["sub"] = "admin-000001";
        var token = string.Join('.', parts[0], TestJwt.B64(Encoding.UTF8.GetBytes(claims.ToJsonString())), parts[2]);

        AssertInvalid(await Validate(token, provider), "Signature validation failed");
    }

    [Fact]
    public async Task DuplicateClaim_SecondSubWouldWin_Rejected()
    {
        var (idp, provider) = Setup();
        var json = idp.Claims(_harness.Now).ToJsonString()[..^1] + ",\"sub\":\"admin-000001\"}";

        AssertInvalid(await Validate(SignRaw(idp, """{"alg":"RS256","kid":"k1"}""", json), provider));
    }

    [Fact]
    public async Task DuplicateHeaderMember_SecondAlgWouldWin_Rejected()
    {
        var (idp, provider) = Setup();
        var token = SignRaw(idp, """{"alg":"RS256","kid":"k1","alg":"none"}""", idp.Claims(_harness.Now).ToJsonString());

        AssertInvalid(await Validate(token, provider));
    }

    [Fact]
    public async Task LogoutToken_CrossJwtConfusion_Rejected()
    {
        var (idp, provider) = Setup();
        var header = AttackTokens.Header();
        header["typ"] = "logout+jwt";

        AssertInvalid(await Validate(idp.Sign(header, idp.Claims(_harness.Now)), provider));
    }

    [Fact]
    public async Task NoKid_SingleFittingKey_Accepted()
    {
        var (idp, provider) = Setup();

        var result = await Validate(idp.Sign(AttackTokens.Header(kid: null), idp.Claims(_harness.Now)), provider);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Null(result.Value.KeyId);
    }

    [Fact]
    public async Task NoKid_SeveralFittingKeys_NoKeyTrial_Rejected()
    {
        var (idp, provider) = Setup();
        using var second = RSA.Create(2048);
        fixture.ReplaceJwks(idp.Tenant, TestJwt.Jwks(TestJwt.RsaJwk(second, "k0"), TestJwt.RsaJwk(idp.Key, "k1")));

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(kid: null), idp.Claims(_harness.Now)), provider),
            "Couldn't retrieve verification key");
    }

    [Theory]
    [InlineData("""{"principal_tags":{"aws:Project":["x"]}}""")]
    [InlineData("""{"principal_tags":{"Project":"x"}}""")]
    [InlineData("""{"principal_tags":{"Project":["x","y"]}}""")]
    [InlineData("""{"principal_tags":{"Project":["x"],"project":["y"]}}""")]
    [InlineData("""{"principal_tags":{"Pro*ject":["x"]}}""")]
    [InlineData("""{"principal_tags":{"Project":["x"]},"transitive_tag_keys":["Other"]}""")]
    [InlineData("""["Project"]""")]
    public async Task SessionTagsClaim_BreakingAwsRules_Rejected(string tagsJson)
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims[WebIdentitySessionTags.ClaimName] = JsonNode.Parse(tagsJson);

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), claims), provider), "session tags");
    }

    [Fact]
    public async Task SessionTagsClaim_FiftyOneTags_Rejected()
    {
        var (idp, provider) = Setup();
        var tags = new JsonObject();
        for (var i = 0; i < 51; i++)
        {
            tags["Tag" + i] = new JsonArray("v");
        }

        var claims = idp.Claims(_harness.Now);
        claims[WebIdentitySessionTags.ClaimName] = new JsonObject { ["principal_tags"] = tags };

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), claims), provider), "session tags");
    }

    [Theory]
    [InlineData("\"arn:aws:iam::111122223333:role/pinned\"")]
    [InlineData("[\"arn:aws:iam::111122223333:role/a\",\"arn:aws:iam::111122223333:role/b\"]")]
    public async Task RolesClaim_StringOrArray_Exposed(string rolesJson)
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims[WebIdentityTokenValidator.RolesClaim] = JsonNode.Parse(rolesJson);

        var result = await Validate(idp.Sign(AttackTokens.Header(), claims), provider);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.NotEmpty(result.Value.AuthorizedRoleArns!);
        Assert.All(result.Value.AuthorizedRoleArns!, r => Assert.StartsWith("arn:aws:iam::111122223333:role/", r, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("[\"\"]")]
    public async Task RolesClaim_Malformed_Rejected(string rolesJson)
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims[WebIdentityTokenValidator.RolesClaim] = JsonNode.Parse(rolesJson);

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), claims), provider), "roles");
    }

    [Theory]
    [InlineData("42")]
    [InlineData("[\"pwd\",7]")]
    [InlineData("{\"pwd\":true}")]
    public async Task MalformedAmr_Rejected(string amrJson)
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims["amr"] = JsonNode.Parse(amrJson);

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), claims), provider));
    }

    [Fact]
    public async Task AmrArray_ExposedMultiValued()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims["amr"] = new JsonArray("pwd", "mfa");

        var result = await Validate(idp.Sign(AttackTokens.Header(), claims), provider);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(["pwd", "mfa"], result.Value.ConditionKeys[provider.HostPath + ":amr"]);
    }

    [Fact]
    public async Task OversizedIssuer_NotEchoed_Rejected()
    {
        var (idp, provider) = Setup();
        var claims = idp.Claims(_harness.Now);
        claims["iss"] = idp.Issuer + "/" + new string('x', 300);

        var result = await Validate(idp.Sign(AttackTokens.Header(), claims), provider);

        AssertInvalid(result);
        Assert.DoesNotContain("xxxx", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedJwks_BeyondTheSizeLimit_Rejected()
    {
        var (idp, provider) = Setup();
        var jwks = TestJwt.Jwks(TestJwt.RsaJwk(idp.Key, "k1"));
        jwks["padding"] = new string('p', 200 * 1024);
        fixture.ReplaceJwks(idp.Tenant, jwks);

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), idp.Claims(_harness.Now)), provider), "Couldn't retrieve verification key");
    }

    [Theory]
    [InlineData("use", "enc")]
    [InlineData("key_ops", "encrypt")]
    [InlineData("alg", "RS512")]
    [InlineData("d", "AQAB")]
    public async Task JwksKeyNotForThisSignature_NotUsed(string member, string value)
    {
        var (idp, provider) = Setup();
        var jwk = TestJwt.RsaJwk(idp.Key, "k1");
        jwk[member] = member == "key_ops" ? new JsonArray(value) : value;
        fixture.ReplaceJwks(idp.Tenant, TestJwt.Jwks(jwk));

        AssertInvalid(await Validate(idp.Sign(AttackTokens.Header(), idp.Claims(_harness.Now)), provider), "Couldn't retrieve verification key");
    }

    private (AttackTokens Idp, OidcProvider Provider) Setup([CallerMemberName] string test = "")
    {
        var idp = new AttackTokens(fixture, Unique(test));
        _owned.Add(idp);
        return (idp, OidcProvider.Create(WebIdentityFixture.Account, idp.Issuer, [AttackTokens.ClientId]));
    }

    private static string Unique(string name) =>
        new string(name.Where(char.IsAsciiLetterOrDigit).ToArray()) + "-" + Guid.NewGuid().ToString("N")[..8];

    private Task<StsResult<ValidatedWebIdentityToken>> Validate(string token, params OidcProvider[] providers) =>
        _harness.ValidateAsync(token, providers);

    private static Func<string, CancellationToken, ValueTask<OidcProvider?>> Lookup(OidcProvider provider) =>
        (issuer, _) => ValueTask.FromResult<OidcProvider?>(issuer == provider.Url ? provider : null);

    private static string SignRaw(AttackTokens idp, string headerJson, string payloadJson)
    {
        var input = TestJwt.B64(Encoding.UTF8.GetBytes(headerJson)) + "." + TestJwt.B64(Encoding.UTF8.GetBytes(payloadJson));
        return input + "." + TestJwt.B64(idp.Key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private static void AssertInvalid(StsResult<ValidatedWebIdentityToken> result, string? messagePart = null)
    {
        Assert.False(result.IsSuccess);
        Assert.Equal("InvalidIdentityToken", result.Error!.Code);
        Assert.Equal(400, result.Error.HttpStatus);
        if (messagePart is not null)
        {
            Assert.Contains(messagePart, result.Error.Message, StringComparison.Ordinal);
        }
    }
}
