using TokenBroker.Core.Protocol;

namespace TokenBroker.Core.Tests.Protocol;

public class QueryParametersTests
{
    [Fact]
    public void Parse_FormBody_DecodesPlusAndPercentEscapes()
    {
        var result = QueryParameters.Parse("Action=AssumeRole&RoleSessionName=a+b%40c&Policy=%7B%22x%22%3A1%7D");

        Assert.True(result.IsSuccess);
        Assert.Equal("AssumeRole", result.Value["Action"]);
        Assert.Equal("a b@c", result.Value["RoleSessionName"]);
        Assert.Equal("{\"x\":1}", result.Value["Policy"]);
    }

    [Fact]
    public void Parse_QueryAndBody_AreMergedAsOneParameterSet()
    {
        var result = QueryParameters.Parse("Action=GetCallerIdentity", "Version=2011-06-15");

        Assert.Equal(2, result.Value.Count);
        Assert.Equal("2011-06-15", result.Value["Version"]);
    }

    [Fact]
    public void Parse_Utf8Escapes_DecodeToUnicode()
    {
        var result = QueryParameters.Parse("Tags.member.1.Value=%C3%A9t%C3%A9");

        Assert.Equal("été", result.Value["Tags.member.1.Value"]);
    }

    [Fact]
    public void Parse_EmptyValueAndMissingEquals_GiveEmptyStrings()
    {
        var result = QueryParameters.Parse("A=&B");

        Assert.Equal("", result.Value["A"]);
        Assert.Equal("", result.Value["B"]);
    }

    [Theory]
    [InlineData("Action=%ZZ")]
    [InlineData("Action=%4")]
    [InlineData("Action=abc%")]
    [InlineData("Action=%C3%28")]
    [InlineData("Action=%FF")]
    [InlineData("Action=%ED%A0%80")]
    [InlineData("Action=\u00e9")]
    [InlineData("=value")]
    public void Parse_MalformedEncoding_IsMalformedQueryString(string body)
    {
        var result = QueryParameters.Parse(body);

        Assert.False(result.IsSuccess);
        Assert.Equal("MalformedQueryString", result.Error!.Code);
        Assert.Equal(400, result.Error.HttpStatus);
    }

    [Fact]
    public void Parse_DuplicateParameter_IsRejected()
    {
        var result = QueryParameters.Parse("Action=A&Action=B");

        Assert.Equal("MalformedQueryString", result.Error!.Code);
    }

    [Fact]
    public void Parse_DuplicateAcrossQueryAndBody_IsRejected()
    {
        var result = QueryParameters.Parse("Action=GetCallerIdentity", "Action=GetSessionToken");

        Assert.Equal("MalformedQueryString", result.Error!.Code);
    }

    [Fact]
    public void Parse_LongValue_UsesHeapBuffer()
    {
        var value = new string('a', 10_000);

        var result = QueryParameters.Parse("Policy=" + value);

        Assert.Equal(value, result.Value["Policy"]);
    }
}
