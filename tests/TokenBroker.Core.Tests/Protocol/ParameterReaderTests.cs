using TokenBroker.Core.Protocol;

namespace TokenBroker.Core.Tests.Protocol;

public class ParameterReaderTests
{
    private static ParameterReader Reader(string form) => new(QueryParameters.Parse(form).Value);

    [Fact]
    public void Text_TooShortSessionName_UsesAwsWording()
    {
        var reader = Reader("RoleSessionName=a");

        reader.Text("RoleSessionName", StsParameters.RoleSessionName.AsRequired());

        Assert.Equal("ValidationError", reader.Error!.Code);
        Assert.Equal(
            "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
            reader.Error.Message);
    }

    [Fact]
    public void Text_BadCharacters_QuotesThePattern()
    {
        var reader = Reader("RoleSessionName=bad%20name");

        reader.Text("RoleSessionName", StsParameters.RoleSessionName.AsRequired());

        Assert.Equal(
            @"1 validation error detected: Value 'bad name' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*",
            reader.Error!.Message);
    }

    [Fact]
    public void Text_MissingRequired_SaysNotNull()
    {
        var reader = Reader("");

        reader.Text("RoleArn", StsParameters.Arn.AsRequired());

        Assert.Equal("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null", reader.Error!.Message);
    }

    [Fact]
    public void Read_SeveralViolations_AreCountedAndJoined()
    {
        var reader = Reader("RoleSessionName=a&DurationSeconds=100");

        reader.Text("RoleSessionName", StsParameters.RoleSessionName.AsRequired());
        reader.Number("DurationSeconds", 900, 43200);

        Assert.StartsWith("2 validation errors detected: Value 'a' at 'roleSessionName'", reader.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("; Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900", reader.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Number_AboveMaximum_UsesAwsWording()
    {
        var reader = Reader("DurationSeconds=129601");

        reader.Number("DurationSeconds", 900, 129600);

        Assert.EndsWith("Member must have value less than or equal to 129600", reader.Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    [InlineData("")]
    public void Number_NotAnInteger_IsAViolation(string text)
    {
        var reader = Reader("DurationSeconds=" + text);

        Assert.Null(reader.Number("DurationSeconds", 900, 129600));
        Assert.Equal("ValidationError", reader.Error!.Code);
    }

    [Fact]
    public void Text_SensitiveValue_IsNeverEchoed()
    {
        var reader = Reader("TokenCode=12345a");

        reader.Text("TokenCode", StsParameters.TokenCode);

        Assert.DoesNotContain("12345a", reader.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("at 'tokenCode'", reader.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_ReadsMembersInOrderAndStopsAtGap()
    {
        var reader = Reader("PolicyArns.member.1.arn=arn:aws:iam::111111111111:policy/a&PolicyArns.member.2.arn=arn:aws:iam::111111111111:policy/b&PolicyArns.member.4.arn=x");

        var arns = reader.List("PolicyArns", "arn", StsParameters.Arn, StsParameters.MaxPolicyArns);

        Assert.Equal(["arn:aws:iam::111111111111:policy/a", "arn:aws:iam::111111111111:policy/b"], arns);
        Assert.Null(reader.Error);
    }

    [Fact]
    public void List_TooMany_IsAViolation()
    {
        var form = string.Join('&', Enumerable.Range(1, 11).Select(i => $"PolicyArns.member.{i}.arn=arn:aws:iam::111111111111:policy/p{i}"));
        var reader = Reader(form);

        reader.List("PolicyArns", "arn", StsParameters.Arn, StsParameters.MaxPolicyArns);

        Assert.Contains("at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10", reader.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pairs_TagWithBadKey_NamesTheMember()
    {
        var reader = Reader("Tags.member.1.Key=ok&Tags.member.1.Value=v&Tags.member.2.Key=bad%21&Tags.member.2.Value=v");

        var tags = reader.Pairs("Tags", StsParameters.TagKey, StsParameters.TagValue, StsParameters.MaxTags);

        Assert.Equal(2, tags.Count);
        Assert.Contains("Value 'bad!' at 'tags.2.member.key'", reader.Error!.Message, StringComparison.Ordinal);
    }
}
