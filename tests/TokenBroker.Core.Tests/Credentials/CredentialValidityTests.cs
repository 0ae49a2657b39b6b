using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;
using PrincipalKind = TokenBroker.Policy.Evaluation.PrincipalKind;

namespace TokenBroker.Core.Tests.Credentials;

public sealed class CredentialValidityTests
{
    [Fact]
    public async Task Verify_PastExpiration_ExpiredToken()
    {
        using var harness = new CredentialHarness();
        var issued = await harness.IssueAsync();
        Assert.True((await harness.VerifyAsync(issued.Credentials)).IsSuccess);

        harness.Time.Advance(TimeSpan.FromHours(1));
        var result = await harness.VerifyAsync(issued.Credentials);

        Assert.Equal("ExpiredToken", result.Error!.Code);
        Assert.Equal(403, result.Error.HttpStatus);
        Assert.Equal("The security token included in the request is expired", result.Error.Message);
    }

    [Fact]
    public async Task Verify_ExpiredTokenNeverSeenBefore_ExpiredToken()
    {
        using var harness = new CredentialHarness();
        var issued = await harness.IssueAsync();
        harness.Time.Advance(TimeSpan.FromHours(2));

        var result = await harness.VerifyAsync(issued.Credentials);

        Assert.Equal("ExpiredToken", result.Error!.Code);
    }

    [Fact]
    public async Task Verify_OneSecondBeforeExpiration_Accepted()
    {
        using var harness = new CredentialHarness();
        var issued = await harness.IssueAsync();
        harness.Time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));

        Assert.True((await harness.VerifyAsync(issued.Credentials)).IsSuccess);
    }

    [Fact]
    public async Task Verify_CertificateNotYetValid_Rejected()
    {
        using var harness = new CredentialHarness();
        var now = harness.Time.GetUtcNow();
        var key = await CraftedTokens.CertifyAsync(harness.KeyRing, now.AddHours(1), now.AddHours(10));
        var accessKeyId = Identifiers.NewTemporaryAccessKeyId(AccountId.Parse("111122223333"));
        var token = CraftedTokens.Token(key, CraftedTokens.Claims(accessKeyId, now.AddHours(1), now.AddHours(2)));

        var result = await harness.Verifier.VerifyAsync(accessKeyId, token, CancellationToken.None);

        Assert.Equal("InvalidClientTokenId", result.Error!.Code);
    }

    [Fact]
    public async Task Verify_TokenOutlivingItsExpiredCertificate_Rejected()
    {
        using var harness = new CredentialHarness();
        var now = harness.Time.GetUtcNow();
        var key = await CraftedTokens.CertifyAsync(harness.KeyRing, now.AddHours(-3), now.AddHours(-1));
        var accessKeyId = Identifiers.NewTemporaryAccessKeyId(AccountId.Parse("111122223333"));
        var token = CraftedTokens.Token(key, CraftedTokens.Claims(accessKeyId, now.AddHours(-2), now.AddHours(1)));

        var result = await harness.Verifier.VerifyAsync(accessKeyId, token, CancellationToken.None);

        Assert.Equal("InvalidClientTokenId", result.Error!.Code);
    }

    [Fact]
    public async Task Verify_TokenIssuedBeforeItsCertificate_Rejected()
    {
        using var harness = new CredentialHarness();
        var now = harness.Time.GetUtcNow();
        var key = await CraftedTokens.CertifyAsync(harness.KeyRing, now.AddMinutes(-10), now.AddHours(10));
        var accessKeyId = Identifiers.NewTemporaryAccessKeyId(AccountId.Parse("111122223333"));
        var token = CraftedTokens.Token(key, CraftedTokens.Claims(accessKeyId, now.AddHours(-1), now.AddHours(1)));

        var result = await harness.Verifier.VerifyAsync(accessKeyId, token, CancellationToken.None);

        Assert.Equal("InvalidClientTokenId", result.Error!.Code);
    }

    [Fact]
    public async Task Verify_CraftedTokenWithinItsCertificate_Accepted()
    {
        using var harness = new CredentialHarness();
        var now = harness.Time.GetUtcNow();
        var key = await CraftedTokens.CertifyAsync(harness.KeyRing, now.AddMinutes(-10), now.AddHours(10));
        var accessKeyId = Identifiers.NewTemporaryAccessKeyId(AccountId.Parse("111122223333"));
        var token = CraftedTokens.Token(key, CraftedTokens.Claims(accessKeyId, now, now.AddHours(1)));

        var result = await harness.Verifier.VerifyAsync(accessKeyId, token, CancellationToken.None);

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public async Task Issue_AfterRotation_UsesNewKeyAndOldTokensStillVerifyUntilTheyExpire()
    {
        using var harness = new CredentialHarness();
        var longest = Grants.UserSession();
        var before = await harness.IssueAsync(longest);
        harness.Time.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        var lastOfOldKey = await harness.IssueAsync(longest);

        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var after = await harness.IssueAsync(longest);

        var oldKey = (await harness.VerifyAsync(before.Credentials)).Value.SigningKeyId;
        Assert.Equal(oldKey, (await harness.VerifyAsync(lastOfOldKey.Credentials)).Value.SigningKeyId);
        Assert.NotEqual(oldKey, (await harness.VerifyAsync(after.Credentials)).Value.SigningKeyId);
        Assert.Equal(2, harness.KeyRing.Signs);

        harness.Time.SetUtcNow(lastOfOldKey.Credentials.Expiration.AddSeconds(-1));
        Assert.True((await harness.VerifyAsync(lastOfOldKey.Credentials)).IsSuccess);
    }

    [Fact]
    public async Task Issue_RootKeyUnreachableAtRotation_KeepsIssuingWithWarmKey()
    {
        using var harness = new CredentialHarness();
        await harness.IssueAsync();
        harness.KeyRing.Unavailable = true;
        harness.Time.Advance(TimeSpan.FromHours(13));

        var issued = await harness.IssueAsync();

        harness.KeyRing.Unavailable = false;
        Assert.True((await harness.VerifyAsync(issued.Credentials)).IsSuccess);
    }

    [Fact]
    public async Task Issue_RootKeyUnreachableWithoutWarmKey_Throws()
    {
        using var harness = new CredentialHarness();
        harness.KeyRing.Unavailable = true;

        await Assert.ThrowsAsync<HttpRequestException>(() => harness.Issuer.IssueAsync(Grants.AssumedRole(), CancellationToken.None));
    }

    [Fact]
    public async Task Issue_WarmKeyCannotCoverSessionAndRootKeyUnreachable_Throws()
    {
        using var harness = new CredentialHarness();
        await harness.IssueAsync();
        harness.KeyRing.Unavailable = true;
        harness.Time.Advance(TimeSpan.FromHours(47));

        await Assert.ThrowsAsync<HttpRequestException>(() => harness.Issuer.IssueAsync(Grants.UserSession(), CancellationToken.None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(129_601)]
    public async Task Issue_DurationOutOfRange_Throws(int seconds)
    {
        using var harness = new CredentialHarness();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => harness.Issuer.IssueAsync(Grants.AssumedRole() with { Duration = TimeSpan.FromSeconds(seconds) }, CancellationToken.None));
    }

    [Fact]
    public async Task Issue_NegativeChainingDepthOrUnknownKind_Throws()
    {
        using var harness = new CredentialHarness();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => harness.Issuer.IssueAsync(Grants.AssumedRole() with { ChainingDepth = -1 }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => harness.Issuer.IssueAsync(Grants.AssumedRole() with { Kind = (PrincipalKind)9 }, CancellationToken.None));
    }
}
