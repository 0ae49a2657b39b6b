using TokenBroker.Core.Authentication.WebIdentity;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Tests.WebIdentity;

/// <summary>Genuine ID tokens from oidc-provider, validated over real HTTPS (test CA) and loopback HTTP.</summary>
[Collection(WebIdentityServers.Name)]
public class OidcProviderEndToEndTests(WebIdentityFixture fixture)
{
    [Theory]
    [InlineData("tokenbroker-rs256", "RS256", "rsa-2048")]
    [InlineData("tokenbroker-rs512", "RS512", "rsa-3072")]
    [InlineData("tokenbroker-es256", "ES256", "ec-p256")]
    [InlineData("tokenbroker-es384", "ES384", "ec-p384")]
    public async Task ValidateAsync_OidcProviderIdTokenOverHttps_Accepted(string clientId, string alg, string kid)
    {
        var issuer = WebIdentityFixture.Issuer(fixture.OidcHttps);
        var token = await OidcTokenClient.GetIdTokenAsync(fixture.OidcHttps.BaseUri, fixture.Ca.Root, clientId, "user-123456");
        using var harness = fixture.NewHarness();
        var provider = OidcProvider.Create(WebIdentityFixture.Account, issuer, [clientId]);

        var result = await harness.ValidateAsync(token, provider);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal("user-123456", result.Value.SubjectFromWebIdentityToken);
        Assert.Equal(clientId, result.Value.Audience);
        Assert.Equal(alg, result.Value.Algorithm);
        Assert.Equal(kid, result.Value.KeyId);
        Assert.Same(provider, result.Value.Provider);
    }

    [Fact]
    public async Task ValidateAsync_OidcProviderClaims_GiveTagsRolesAndConditionKeys()
    {
        var issuer = WebIdentityFixture.Issuer(fixture.OidcHttps);
        var token = await OidcTokenClient.GetIdTokenAsync(fixture.OidcHttps.BaseUri, fixture.Ca.Root, "tokenbroker-rs256", "tagged-user");
        using var harness = fixture.NewHarness();
        var provider = OidcProvider.Create(WebIdentityFixture.Account, issuer, ["other-client", "tokenbroker-rs256"]);

        var result = await harness.ValidateAsync(token, provider);

        Assert.True(result.IsSuccess, result.Error?.Message);
        var tags = result.Value.SessionTags;
        Assert.Equal([new Tag("Project", "blue"), new Tag("CostCenter", "12345")], tags.PrincipalTags);
        Assert.Equal(["Project"], tags.TransitiveTagKeys);
        Assert.Equal(["arn:aws:iam::111122223333:role/web-identity"], result.Value.AuthorizedRoleArns!);
        var prefix = provider.HostPath + ":";
        Assert.Equal(["tagged-user"], result.Value.ConditionKeys[prefix + "sub"]);
        Assert.Equal(["tokenbroker-rs256"], result.Value.ConditionKeys[prefix + "aud"]);
        Assert.Null(result.Value.ReplayKey);
    }

    [Fact]
    public async Task ValidateAsync_LoopbackHttpProviderWithDevelopmentSetting_Accepted()
    {
        var issuer = WebIdentityFixture.Issuer(fixture.OidcHttp);
        var token = await OidcTokenClient.GetIdTokenAsync(fixture.OidcHttp.BaseUri, null, "tokenbroker-es256", "dev-user-1");
        using var harness = fixture.NewHarness(new WebIdentitySettings { AllowHttpLoopbackProviders = true });
        var provider = OidcProvider.Create(WebIdentityFixture.Account, issuer, ["tokenbroker-es256"], allowHttpLoopback: true);

        var result = await harness.ValidateAsync(token, provider);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal("dev-user-1", result.Value.SubjectFromWebIdentityToken);
    }

    [Fact]
    public async Task ValidateAsync_LoopbackHttpProviderWithoutDevelopmentSetting_Rejected()
    {
        var issuer = WebIdentityFixture.Issuer(fixture.OidcHttp);
        var token = await OidcTokenClient.GetIdTokenAsync(fixture.OidcHttp.BaseUri, null, "tokenbroker-es256", "dev-user-2");
        using var harness = fixture.NewHarness();
        var provider = OidcProvider.Create(WebIdentityFixture.Account, issuer, ["tokenbroker-es256"], allowHttpLoopback: true);

        var result = await harness.ValidateAsync(token, provider);

        Assert.Equal("InvalidIdentityToken", result.Error?.Code);
        Assert.StartsWith("Couldn't retrieve verification key", result.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_OidcProviderTokenForAnotherClient_IncorrectTokenAudience()
    {
        var issuer = WebIdentityFixture.Issuer(fixture.OidcHttps);
        var token = await OidcTokenClient.GetIdTokenAsync(fixture.OidcHttps.BaseUri, fixture.Ca.Root, "tokenbroker-es256", "user-654321");
        using var harness = fixture.NewHarness();
        var provider = OidcProvider.Create(WebIdentityFixture.Account, issuer, ["tokenbroker-rs256"]);

        var result = await harness.ValidateAsync(token, provider);

        Assert.Equal("InvalidIdentityToken", result.Error?.Code);
        Assert.Equal("Incorrect token audience", result.Error?.Message);
    }

    [Fact]
    public async Task ValidateAsync_HttpsProviderWithoutTrustedCa_IdpCommunicationError()
    {
        var issuer = WebIdentityFixture.Issuer(fixture.OidcHttps);
        var token = await OidcTokenClient.GetIdTokenAsync(fixture.OidcHttps.BaseUri, fixture.Ca.Root, "tokenbroker-rs256", "user-777777");
        using var harness = fixture.NewHarness(tls: new OidcTlsSettings());
        var provider = OidcProvider.Create(WebIdentityFixture.Account, issuer, ["tokenbroker-rs256"]);

        var result = await harness.ValidateAsync(token, provider);

        Assert.Equal("IDPCommunicationError", result.Error?.Code);
    }

    [Fact]
    public async Task ValidateAsync_UntrustedCaButTopIntermediateThumbprint_Accepted()
    {
        var issuer = WebIdentityFixture.Issuer(fixture.OidcHttps);
        var token = await OidcTokenClient.GetIdTokenAsync(fixture.OidcHttps.BaseUri, fixture.Ca.Root, "tokenbroker-rs256", "user-888888");
        using var harness = fixture.NewHarness(tls: new OidcTlsSettings());
        var provider = OidcProvider.Create(WebIdentityFixture.Account, issuer, ["tokenbroker-rs256"],
            thumbprints: [fixture.Ca.Intermediate.Thumbprint]);

        var result = await harness.ValidateAsync(token, provider);

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Fact]
    public async Task ValidateAsync_UntrustedCaAndWrongThumbprint_IdpCommunicationError()
    {
        var issuer = WebIdentityFixture.Issuer(fixture.OidcHttps);
        var token = await OidcTokenClient.GetIdTokenAsync(fixture.OidcHttps.BaseUri, fixture.Ca.Root, "tokenbroker-rs256", "user-999999");
        using var harness = fixture.NewHarness(tls: new OidcTlsSettings());
        var provider = OidcProvider.Create(WebIdentityFixture.Account, issuer, ["tokenbroker-rs256"],
            thumbprints: [fixture.Ca.Root.Thumbprint, new string('a', 40)]);

        var result = await harness.ValidateAsync(token, provider);

        Assert.Equal("IDPCommunicationError", result.Error?.Code);
    }
}
