using TokenBroker.Cli.DirectoryFiles;
using YamlDotNet.RepresentationModel;

namespace TokenBroker.Cli.Tests;

public sealed class PolicyJsonTests
{
    [Theory]
    [InlineData("{ b: 1, a: 2 }", """{"b":1,"a":2}""")]
    [InlineData("{ t: true, f: false, n: null, e: ~ , s: \"true\" }", """{"t":true,"f":false,"n":null,"e":null,"s":"true"}""")]
    [InlineData("{ i: -0, d: 1.50, x: 1e5, hex: 0x1F, lead: 0123, date: 2012-10-17, yes: yes }", """{"i":-0,"d":1.50,"x":1e5,"hex":"0x1F","lead":"0123","date":"2012-10-17","yes":"yes"}""")]
    [InlineData("{ a: [x, \"y\", 3] , o: {} , l: [] }", """{"a":["x","y",3],"o":{},"l":[]}""")]
    [InlineData("{ u: \"é<>&'\" }", """{"u":"é<>&'"}""")]
    [InlineData("'{ \"b\" : 1,\n \"a\": [ true ] }'", """{"b":1,"a":[true]}""")]
    public void FromYaml_Document_CompactJsonInWrittenOrder(string yaml, string json)
    {
        var errors = new FileErrors("f.yaml");

        var result = PolicyJson.FromYaml(Parse(yaml), errors);

        Assert.Equal(json, result);
        Assert.False(errors.Any);
    }

    [Fact]
    public void FromYaml_BillionLaughsAliases_Rejected()
    {
        var yaml = "{ a: &a [x, x], b: &b [*a, *a], c: [*b, *b] }";
        var errors = new FileErrors("f.yaml");

        var result = PolicyJson.FromYaml(Parse(yaml), errors);

        Assert.Null(result);
        Assert.Contains("f.yaml:1: anchors and aliases are not allowed in policy documents.", errors.All);
    }

    [Fact]
    public void FromYaml_TooDeep_Rejected()
    {
        var yaml = new string('[', 40) + new string(']', 40);
        var errors = new FileErrors("f.yaml");

        Assert.Null(PolicyJson.FromYaml(Parse(yaml), errors));
        Assert.Contains(errors.All, e => e.Contains("nested too deeply", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", new byte[0])]
    [InlineData("MY======", new byte[] { (byte)'f' })]
    [InlineData("MZXW6YQ=", new byte[] { (byte)'f', (byte)'o', (byte)'o', (byte)'b' })]
    [InlineData("mzxw6ytboi", new byte[] { (byte)'f', (byte)'o', (byte)'o', (byte)'b', (byte)'a', (byte)'r' })]
    [InlineData("MZXW 6YTB OI", new byte[] { (byte)'f', (byte)'o', (byte)'o', (byte)'b', (byte)'a', (byte)'r' })]
    public void Base32_TryDecode_Rfc4648Vectors(string text, byte[] expected)
    {
        Assert.True(Base32.TryDecode(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("MZXW1")]
    [InlineData("MZXW6YQ!")]
    public void Base32_TryDecode_OutsideAlphabet_Fails(string text)
    {
        Assert.False(Base32.TryDecode(text, out _));
    }

    private static YamlNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader("document: " + yaml));
        return ((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("document")];
    }
}
