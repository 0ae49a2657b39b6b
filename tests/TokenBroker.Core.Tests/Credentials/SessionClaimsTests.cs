using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;
using PrincipalKind = TokenBroker.Policy.Evaluation.PrincipalKind;

namespace TokenBroker.Core.Tests.Credentials;

public sealed class SessionClaimsTests
{
    [Fact]
    public async Task IssueAndVerify_EveryClaimSet_RoundTripsAllClaims()
    {
        using var harness = new CredentialHarness();
        var issued = await harness.IssueAsync(Grants.Everything());

        var verified = await harness.VerifyAsync(issued.Credentials);

        Assert.True(verified.IsSuccess);
        ClaimsAssert.Equal(issued.Claims, verified.Value.Claims);
        var claims = verified.Value.Claims;
        Assert.Equal(PrincipalKind.AssumedRole, claims.Kind);
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/saml-role/alice@example.com", claims.PrincipalArn.ToString());
        Assert.Equal("arn:aws:iam::111111111111:role/federation/saml-role", claims.IssuerArn.ToString());
        Assert.Equal("AROAEXAMPLEROLEID5678:alice@example.com", claims.UserId);
        Assert.Equal(CredentialHarness.Start, claims.IssuedAt);
        Assert.Equal(CredentialHarness.Start.AddSeconds(43_200), claims.Expiration);
        Assert.Equal(issued.Credentials.Expiration, claims.Expiration);
        Assert.Equal(CredentialHarness.Start.AddMinutes(-5), claims.MultiFactorAuthTime);
        Assert.Equal(2, claims.ChainingDepth);
        Assert.Equal("arn:aws:iam::111111111111:saml-provider/Okta", claims.FederatedProvider);
        Assert.Equal("alice@example.com", claims.FederatedSubject);
        Assert.Equal([new Tag("Project", "Unicorn"), new Tag("CostCenter", "12345"), new Tag("Empty", "")], claims.Tags);
        Assert.Equal(issued.Credentials.SecretAccessKey, verified.Value.SecretAccessKey);
    }

    [Fact]
    public void Encode_SameClaims_IsDeterministicAndDecodesToEqualClaims()
    {
        var claims = SessionClaims.FromGrant(Grants.Everything(), AccessKeyId.Parse("ASIAEXAMPLEKEY123456"),
            "00112233445566778899aabbccddeeff", CredentialHarness.Start, CredentialHarness.Start.AddHours(12));

        var first = SessionClaimsCodec.Encode(claims).Bytes;
        var second = SessionClaimsCodec.Encode(claims).Bytes;

        Assert.Equal(first, second);
        Assert.True(SessionClaimsCodec.TryDecode(first, out var decoded));
        ClaimsAssert.Equal(claims, decoded!);
    }

    [Fact]
    public async Task Encode_AfterLargerClaimsOnTheSameThread_EqualsEncodingOnAFreshThread()
    {
        // The encoder reuses per-thread buffers: nothing of a larger encoding may leak into the next one.
        var small = SessionClaims.FromGrant(Grants.UserSession(), AccessKeyId.Parse("ASIAEXAMPLEKEY654321"),
            "ffeeddccbbaa99887766554433221100", CredentialHarness.Start, CredentialHarness.Start.AddHours(1));
        var large = SessionClaims.FromGrant(Grants.Everything(), AccessKeyId.Parse("ASIAEXAMPLEKEY123456"),
            "00112233445566778899aabbccddeeff", CredentialHarness.Start, CredentialHarness.Start.AddHours(12));
        var fresh = await Task.Factory.StartNew(() => SessionClaimsCodec.Encode(small), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var afterLarge = await Task.Factory.StartNew(() =>
        {
            Assert.True(SessionClaimsCodec.Encode(large).PolicyBytes > 0);
            return SessionClaimsCodec.Encode(small);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        Assert.Equal(fresh.Bytes, afterLarge.Bytes);
        Assert.Equal((fresh.PolicyBytes, fresh.TagBytes), (afterLarge.PolicyBytes, afterLarge.TagBytes));
        Assert.True(SessionClaimsCodec.TryDecode(afterLarge.Bytes, out var decoded));
        ClaimsAssert.Equal(small, decoded!);
    }

    [Fact]
    public async Task Issue_UserSession_HasAsiaKeyWholeSecondTimesAndNoRole()
    {
        using var harness = new CredentialHarness();
        harness.Time.Advance(TimeSpan.FromMilliseconds(750));

        var issued = await harness.IssueAsync(Grants.UserSession());

        Assert.StartsWith("ASIA", issued.Credentials.AccessKeyId.Value);
        Assert.Equal(20, issued.Credentials.AccessKeyId.Value.Length);
        Assert.Equal(CredentialHarness.Start, issued.Claims.IssuedAt);
        Assert.Equal(CredentialHarness.Start.AddSeconds(129_600), issued.Credentials.Expiration);
        Assert.Null(issued.Claims.RoleId);
        Assert.Null(issued.Claims.SessionName);
        Assert.True(issued.Claims.MultiFactorAuthPresent);
        Assert.Equal(32, issued.Claims.SessionId.Length);
    }

    [Fact]
    public async Task Issue_TwoSessions_HaveDistinctKeyIdsSessionIdsAndSecrets()
    {
        using var harness = new CredentialHarness();

        var first = await harness.IssueAsync();
        var second = await harness.IssueAsync();

        Assert.NotEqual(first.Credentials.AccessKeyId, second.Credentials.AccessKeyId);
        Assert.NotEqual(first.Claims.SessionId, second.Claims.SessionId);
        Assert.NotEqual(first.Credentials.SecretAccessKey, second.Credentials.SecretAccessKey);
    }

    [Fact]
    public void Create_InlinePolicyWithWhitespace_IsMinified()
    {
        var policies = SessionPolicies.Create("{\n  \"Version\" : \"2012-10-17\",\n  \"Statement\" : [ ]\n}", null);

        Assert.Equal("""{"Version":"2012-10-17","Statement":[]}""", policies.InlinePolicy);
    }

    [Fact]
    public void ToString_Credentials_DoesNotRevealSecretOrToken()
    {
        var credentials = new TemporaryCredentials(AccessKeyId.Parse("ASIAEXAMPLEKEY123456"), "secret-value", "token-value", CredentialHarness.Start);

        var text = credentials.ToString();

        Assert.DoesNotContain("secret-value", text);
        Assert.DoesNotContain("token-value", text);
    }
}
