using TokenBroker.Policy.Simulation;
using Xunit;

namespace TokenBroker.Policy.Tests;

/// <summary>
/// JSON escapes that decode to no valid text (lone surrogates) parse as JSON but throw when read as a string: the
/// policy parser and the simulator must report them as invalid documents, not throw.
/// </summary>
public sealed class UndecodableStringTests
{
    [Theory]
    [InlineData("\\ud800")]
    [InlineData("\\udc00")]
    [InlineData("a\\ud83d")]
    [InlineData("\\ud83d\\u0041")]
    public void Parse_LoneSurrogateEscapeInValueOrKey_InvalidNotThrown(string escape)
    {
        var inValue = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + escape + "\",\"Resource\":\"*\"}]}";
        var inKey = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringLike\":{\"" + escape + "\":\"x\"}}}]}";

        var value = PolicyDocument.Parse(inValue, PolicyKind.Session);
        var key = PolicyDocument.Parse(inKey, PolicyKind.Session);

        Assert.False(value.IsValid);
        Assert.NotEmpty(value.Errors);
        Assert.False(key.IsValid);
        Assert.NotEmpty(key.Errors);
    }

    [Fact]
    public async Task Simulate_LoneSurrogateEscapeInRequestLine_ErrorLineNotThrown()
    {
        using var input = new StringReader("{\"id\":\"1\",\"action\":\"\\ud800\",\"resourceArn\":\"*\",\"policies\":[]}\n");
        using var output = new StringWriter();

        await new PolicySimulator().RunAsync(input, output, CancellationToken.None);

        Assert.Contains("not valid JSON", output.ToString(), StringComparison.Ordinal);
    }
}
