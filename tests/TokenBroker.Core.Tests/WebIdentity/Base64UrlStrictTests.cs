using TokenBroker.Core.Authentication.WebIdentity;

namespace TokenBroker.Core.Tests.WebIdentity;

public class Base64UrlStrictTests
{
    [Theory]
    [InlineData("", new byte[0])]
    [InlineData("AA", new byte[] { 0 })]
    [InlineData("_-8", new byte[] { 0xFF, 0xEF })]
    [InlineData("AAAA", new byte[] { 0, 0, 0 })]
    public void Decode_Canonical_Bytes(string text, byte[] expected)
    {
        Assert.Equal(expected, Base64UrlStrict.Decode(text));
    }

    [Theory]
    [InlineData("AA==")]
    [InlineData("A")]
    [InlineData("AB")]
    [InlineData("AAB")]
    [InlineData("A+/A")]
    [InlineData("AA AA")]
    [InlineData("AA\nAA")]
    [InlineData("AAé")]
    public void Decode_NotCanonical_Null(string text)
    {
        Assert.Null(Base64UrlStrict.Decode(text));
    }
}
