using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Tests.Credentials;

public sealed class SessionTokenTamperingTests
{
    [Fact]
    public async Task Verify_TokenWithAnyByteFlipped_RejectedAsInvalidClientTokenId()
    {
        using var harness = new CredentialHarness();
        var issued = await harness.IssueAsync(Grants.Everything());
        var raw = Convert.FromBase64String(issued.Credentials.SessionToken);

        for (var position = 0; position < raw.Length; position++)
        {
            var tampered = raw.ToArray();
            tampered[position] ^= 0x01;
            var result = await harness.Verifier.VerifyAsync(
                issued.Credentials.AccessKeyId, Convert.ToBase64String(tampered), CancellationToken.None);

            Assert.False(result.IsSuccess, $"a flip at byte {position} was accepted");
            Assert.Equal("InvalidClientTokenId", result.Error!.Code);
        }
    }

    [Fact]
    public async Task Verify_TokenWithAnyCharacterChanged_Rejected()
    {
        using var harness = new CredentialHarness();
        var issued = await harness.IssueAsync();
        var token = issued.Credentials.SessionToken;

        for (var position = 0; position < token.Length; position++)
        {
            var replacement = token[position] == 'A' ? 'B' : 'A';
            var tampered = string.Concat(token.AsSpan(0, position), [replacement], token.AsSpan(position + 1));
            var result = await harness.Verifier.VerifyAsync(issued.Credentials.AccessKeyId, tampered, CancellationToken.None);

            Assert.False(result.IsSuccess, $"a change at character {position} was accepted");
        }
    }

    [Fact]
    public async Task Verify_TokensSwappedBetweenAccessKeyIds_Rejected()
    {
        using var harness = new CredentialHarness();
        var first = await harness.IssueAsync();
        var second = await harness.IssueAsync();

        var swapped = await harness.Verifier.VerifyAsync(first.Credentials.AccessKeyId, second.Credentials.SessionToken, CancellationToken.None);

        Assert.Equal("InvalidClientTokenId", swapped.Error!.Code);
    }

    [Fact]
    public async Task Verify_SeenTokenPresentedWithAnotherAccessKeyId_RejectedFromCacheToo()
    {
        using var harness = new CredentialHarness();
        var first = await harness.IssueAsync();
        var second = await harness.IssueAsync();
        Assert.True((await harness.VerifyAsync(second.Credentials)).IsSuccess);

        var swapped = await harness.Verifier.VerifyAsync(first.Credentials.AccessKeyId, second.Credentials.SessionToken, CancellationToken.None);

        Assert.Equal("InvalidClientTokenId", swapped.Error!.Code);
        Assert.Equal(1, harness.Verifier.CacheHits);
    }

    [Fact]
    public async Task Verify_TokenFromAnotherRootKey_Rejected()
    {
        using var ours = new CredentialHarness();
        using var foreign = new CredentialHarness();
        var issued = await foreign.IssueAsync();

        var result = await ours.VerifyAsync(issued.Credentials);

        Assert.Equal("InvalidClientTokenId", result.Error!.Code);
    }

    [Fact]
    public async Task Verify_ForeignRootClaimingOurRootKeyId_RejectedBySignature()
    {
        using var ours = new CredentialHarness();
        using var foreign = new CredentialHarness();
        foreign.KeyRing.RootKeyIdOverride = ours.KeyRing.RootKeyId;
        var issued = await foreign.IssueAsync();

        var result = await ours.VerifyAsync(issued.Credentials);

        Assert.Equal("InvalidClientTokenId", result.Error!.Code);
        Assert.Equal(1, ours.Verifier.CertificateSignatureChecks);
    }

    [Fact]
    public async Task Verify_UnknownVersion_Rejected()
    {
        using var harness = new CredentialHarness();
        var issued = await harness.IssueAsync();
        var raw = Convert.FromBase64String(issued.Credentials.SessionToken);
        raw[0] = 2;

        var result = await harness.Verifier.VerifyAsync(issued.Credentials.AccessKeyId, Convert.ToBase64String(raw), CancellationToken.None);

        Assert.Equal("InvalidClientTokenId", result.Error!.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AQ==")]
    [InlineData("not base64 at all!")]
    [InlineData("AAAA")]
    public async Task Verify_MalformedToken_Rejected(string token)
    {
        using var harness = new CredentialHarness();

        var result = await harness.Verifier.VerifyAsync(AccessKeyId.Parse("ASIAEXAMPLEKEY123456"), token, CancellationToken.None);

        Assert.Equal("InvalidClientTokenId", result.Error!.Code);
    }

    [Fact]
    public async Task Verify_TruncatedOrExtendedToken_Rejected()
    {
        using var harness = new CredentialHarness();
        var issued = await harness.IssueAsync();
        var raw = Convert.FromBase64String(issued.Credentials.SessionToken);

        foreach (var variant in new[] { raw[..^1], raw[..^64], [.. raw, 0], raw[..10] })
        {
            var result = await harness.Verifier.VerifyAsync(issued.Credentials.AccessKeyId, Convert.ToBase64String(variant), CancellationToken.None);
            Assert.Equal("InvalidClientTokenId", result.Error!.Code);
        }
    }

    [Fact]
    public async Task Verify_TokenWithWhitespaceOrOversized_Rejected()
    {
        using var harness = new CredentialHarness();
        var issued = await harness.IssueAsync();
        var token = issued.Credentials.SessionToken;

        var spaced = await harness.Verifier.VerifyAsync(issued.Credentials.AccessKeyId, token[..8] + " " + token[8..], CancellationToken.None);
        var oversized = await harness.Verifier.VerifyAsync(issued.Credentials.AccessKeyId, new string('A', 4100), CancellationToken.None);

        Assert.Equal("InvalidClientTokenId", spaced.Error!.Code);
        Assert.Equal("InvalidClientTokenId", oversized.Error!.Code);
    }
}
