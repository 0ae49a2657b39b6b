using TokenBroker.Core.Model;

namespace TokenBroker.Core.Tests.WebIdentity;

public class OidcProviderTests
{
    private static readonly AccountId Account = AccountId.Parse("111122223333");

    [Theory]
    [InlineData("https://token.actions.githubusercontent.com", "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com")]
    [InlineData("https://oidc.eks.us-east-1.amazonaws.com/id/ABC", "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC")]
    public void Arn_HostAndPath_AsIamWritesIt(string url, string arn)
    {
        var provider = OidcProvider.Create(Account, url, ["sts.amazonaws.com"]);

        Assert.Equal(arn, provider.Arn.ToString());
    }

    [Theory]
    [InlineData("http://idp.example")]
    [InlineData("https://idp.example/?x=1")]
    [InlineData("https://idp.example/#f")]
    [InlineData("https://user@idp.example")]
    [InlineData("idp.example")]
    [InlineData("")]
    public void TryCreate_NotAnHttpsIssuer_Refused(string url)
    {
        Assert.False(OidcProvider.TryCreate(Account, url, ["client"], null, out _, out var error));
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", true, true)]
    [InlineData("http://localhost:8080", true, true)]
    [InlineData("http://127.0.0.1:8080", false, false)]
    [InlineData("http://idp.example", true, false)]
    public void TryCreate_PlainHttp_OnlyLoopbackWhenFlagged(string url, bool allowHttpLoopback, bool accepted)
    {
        Assert.Equal(accepted, OidcProvider.TryCreate(Account, url, ["client"], null, out _, out _, allowHttpLoopback: allowHttpLoopback));
    }

    [Fact]
    public void TryCreate_HundredAndOneClientIds_Refused()
    {
        var clientIds = Enumerable.Range(0, 101).Select(i => "client-" + i).ToArray();

        Assert.False(OidcProvider.TryCreate(Account, "https://idp.example", clientIds, null, out _, out _));
        Assert.True(OidcProvider.TryCreate(Account, "https://idp.example", clientIds[..100], null, out _, out _));
    }

    [Fact]
    public void TryCreate_SixThumbprints_Refused()
    {
        var thumbprints = Enumerable.Range(0, 6).Select(i => new string((char)('a' + i), 40)).ToArray();

        Assert.False(OidcProvider.TryCreate(Account, "https://idp.example", ["c"], thumbprints, out _, out _));
        Assert.True(OidcProvider.TryCreate(Account, "https://idp.example", ["c"], thumbprints[..5], out _, out _));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    public void TryCreate_MalformedThumbprint_Refused(string thumbprint)
    {
        Assert.False(OidcProvider.TryCreate(Account, "https://idp.example", ["c"], [thumbprint], out _, out _));
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("none")]
    [InlineData("EdDSA")]
    public void TryCreate_AllowListNamingAnUnverifiableAlgorithm_Refused(string alg)
    {
        Assert.False(OidcProvider.TryCreate(Account, "https://idp.example", ["c"], null, out _, out _,
            allowedAlgorithms: new HashSet<string> { "RS256", alg }));
    }

    [Fact]
    public void Create_UpperCaseThumbprint_StoredLowerCase()
    {
        var provider = OidcProvider.Create(Account, "https://idp.example", ["c"], [new string('A', 40)]);

        Assert.Equal(new string('a', 40), provider.Thumbprints[0]);
    }
}
