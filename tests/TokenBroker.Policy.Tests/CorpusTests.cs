using System.Text.Json.Nodes;
using Xunit;
using TokenBroker.Policy.Simulation;

namespace TokenBroker.Policy.Tests;

public sealed class CorpusTests
{
    private static readonly string CorpusDirectory = Path.Combine(AppContext.BaseDirectory, "Corpus");
    private static readonly PolicySimulator Simulator = new();

    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var file in Directory.GetFiles(CorpusDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var cases = JsonNode.Parse(File.ReadAllText(file))!.AsArray();
            for (var i = 0; i < cases.Count; i++)
            {
                data.Add(Path.GetFileName(file), i, cases[i]!["name"]!.GetValue<string>());
            }
        }

        return data;
    }

    [Fact]
    public void Corpus_HasAtLeast400Cases()
    {
        Assert.True(Cases().Count >= 400, $"corpus has {Cases().Count} cases");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Simulate_CorpusCase_MatchesExpectedDecisionAndStatements(string file, int index, string name)
    {
        var testCase = JsonNode.Parse(File.ReadAllText(Path.Combine(CorpusDirectory, file)))!.AsArray()[index]!;
        Assert.Equal(name, testCase["name"]!.GetValue<string>());
        var request = testCase["request"]!.DeepClone().AsObject();
        request["id"] = name;

        var result = JsonNode.Parse(Simulator.SimulateLine(request.ToJsonString()))!;

        var expect = testCase["expect"]!;
        var because = $"{file}#{index} {name}: got {result.ToJsonString()}";
        Assert.True(
            expect["decision"]!.GetValue<string>() == result["decision"]!.GetValue<string>(),
            because);
        var expected = (expect["statements"]?.AsArray() ?? []).Select(s => s!.GetValue<string>()).Order(StringComparer.Ordinal);
        var actual = result["statements"]!.AsArray().Select(s => s!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.True(expected.SequenceEqual(actual), because);
    }
}
