using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Tests.Credentials;

public sealed class PackedPolicySizeTests
{
    [Fact]
    public async Task Issue_NoSessionPoliciesOrTags_PackedPolicySizeZero()
    {
        using var harness = new CredentialHarness();

        var issued = await harness.IssueAsync();

        Assert.Equal(0, issued.PackedPolicySize);
        Assert.Equal(issued.Credentials.SessionToken.Length, issued.SessionTokenSize);
        Assert.True(issued.SessionTokenSize < 1024);
    }

    [Fact]
    public async Task Issue_MaximumPolicyAndFiftyLongerTags_PackedPolicyTooLargeWithItsPercentage()
    {
        using var harness = new CredentialHarness();
        var grant = Grants.AssumedRole() with
        {
            Policies = SessionPolicies.Create(Grants.PolicyOfLength(2048), null),
            Tags = Grants.Tags(50, 20, 40),
        };

        var result = await harness.Issuer.IssueAsync(grant, CancellationToken.None);

        Assert.Equal("PackedPolicyTooLarge", result.Error!.Code);
        Assert.Equal($"Packed size of session tags consumes {ExpectedPercent(harness, grant)}% of allotted space", result.Error.Message);
    }

    [Fact]
    public async Task Issue_MaximumPolicyAndFiftyShortTags_Fits()
    {
        using var harness = new CredentialHarness();
        var grant = Grants.AssumedRole() with
        {
            Policies = SessionPolicies.Create(Grants.PolicyOfLength(2048), ["arn:aws:iam::111111111111:policy/ReadOnly"]),
            Tags = Grants.Tags(50, 8, 8),
        };

        var issued = await harness.IssueAsync(grant);

        Assert.True(issued.SessionTokenSize <= 4096);
        Assert.Equal(issued.Credentials.SessionToken.Length, issued.SessionTokenSize);
        Assert.InRange(issued.PackedPolicySize, 1, 100);
    }

    [Fact]
    public async Task Issue_OversizedPolicy_PackedPolicyTooLargeWithTruePercentage()
    {
        using var harness = new CredentialHarness();
        var policy = SessionPolicies.Create(Grants.PolicyOfLength(8000), null);

        var result = await harness.Issuer.IssueAsync(Grants.AssumedRole() with { Policies = policy }, CancellationToken.None);

        Assert.Equal("PackedPolicyTooLarge", result.Error!.Code);
        Assert.Equal(400, result.Error.HttpStatus);
        var percent = ExpectedPercent(harness, Grants.AssumedRole() with { Policies = policy });
        Assert.True(percent > 100);
        Assert.Equal($"Packed policy consumes {percent}% of allotted space, please use a smaller policy.", result.Error.Message);
    }

    [Fact]
    public async Task Issue_OversizedTags_PackedPolicyTooLargeNamingSessionTags()
    {
        using var harness = new CredentialHarness();
        var grant = Grants.AssumedRole() with { Tags = Grants.Tags(50, 128, 256) };

        var result = await harness.Issuer.IssueAsync(grant, CancellationToken.None);

        Assert.Equal("PackedPolicyTooLarge", result.Error!.Code);
        Assert.Matches(@"^Packed size of session tags consumes \d{3,}% of allotted space$", result.Error.Message);
        Assert.Contains($" {ExpectedPercent(harness, grant)}% ", result.Error.Message);
    }

    [Fact]
    public void PackedPolicyUsage_ExactlyTheBudget_IsOneHundredPercentAndFits()
    {
        var usage = new PackedPolicyUsage(1000, 72, 2000);

        Assert.Equal(100, usage.PackedPolicySize);
        Assert.False(usage.IsTooLarge);
        Assert.Equal(4096, usage.SessionTokenSize);
    }

    [Fact]
    public void PackedPolicyUsage_OneByteOver_IsTooLargeAt101Percent()
    {
        var usage = new PackedPolicyUsage(1001, 72, 2000);

        Assert.True(usage.IsTooLarge);
        Assert.Equal(101, usage.PackedPolicySize);
        Assert.Equal("Packed policy consumes 101% of allotted space, please use a smaller policy.", usage.ToError().Message);
    }

    /// <summary>The percentage computed independently from the encoded claims and a real token's fixed overhead.</summary>
    private static int ExpectedPercent(CredentialHarness harness, SessionGrant grant)
    {
        var claims = SessionClaims.FromGrant(grant, AccessKeyId.Parse("ASIAEXAMPLEKEY123456"), SessionClaimsCodec.NewSessionId(),
            harness.Time.GetUtcNow(), harness.Time.GetUtcNow() + grant.Duration);
        var encoded = SessionClaimsCodec.Encode(claims);
        var empty = SessionClaimsCodec.Encode(claims with { Policies = SessionPolicies.None, Tags = [], TransitiveTagKeys = [] });
        var emptyToken = harness.IssueAsync().GetAwaiter().GetResult().Credentials.SessionToken;
        var overhead = Convert.FromBase64String(emptyToken).Length - empty.Bytes.Length + encoded.Bytes.Length
            - encoded.PolicyBytes - encoded.TagBytes;
        var budget = 3072 - overhead;
        return (int)Math.Ceiling(100.0 * (encoded.PolicyBytes + encoded.TagBytes) / budget);
    }
}
