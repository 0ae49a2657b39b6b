using TokenBroker.Core.Protocol;

namespace TokenBroker.Core.Tests.Protocol;

public class PatternTests
{
    [Theory]
    [InlineData("John-session", true)]
    [InlineData("a_b+c=d,e.f@g", true)]
    [InlineData("has space", false)]
    [InlineData("é", false)]
    [InlineData("a/b", false)]
    public void SessionName_MatchesAsciiWordAndPunctuation(string value, bool expected) =>
        Assert.Equal(expected, Pattern.SessionName.IsMatch(value));

    [Theory]
    [InlineData("Project", true)]
    [InlineData("été 2026", true)]
    [InlineData("a:b/c=d+e-f@g_h.i", true)]
    [InlineData("bad!", false)]
    [InlineData("semi;colon", false)]
    public void TagKey_MatchesUnicodeLettersNumbersAndSeparators(string value, bool expected) =>
        Assert.Equal(expected, Pattern.TagKey.IsMatch(value));

    [Theory]
    [InlineData("arn:aws:iam::111111111111:role/demo", true)]
    [InlineData("arn\u0001", false)]
    [InlineData("arn:\U0001F600", true)]
    public void Arn_MatchesModelCharacterSet(string value, bool expected) =>
        Assert.Equal(expected, Pattern.Arn.IsMatch(value));

    [Fact]
    public void Arn_LoneSurrogate_DoesNotMatch() =>
        Assert.False(Pattern.Arn.IsMatch("arn:" + (char)0xD800));

    [Theory]
    [InlineData("{\"Version\":\"2012-10-17\"}", true)]
    [InlineData("\u00FF", true)]
    [InlineData("\u0100", false)]
    public void PolicyDocument_IsLatin1Printable(string value, bool expected) =>
        Assert.Equal(expected, Pattern.PolicyDocument.IsMatch(value));
}
