using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Xunit;

namespace TokenBroker.Policy.Tests;

/// <summary>The Resource/NotResource format rules: the case table in Validation/resource-arns.json and a generated check of the rule table.</summary>
public sealed class ResourceArnRuleTests
{
    private const string Vendor = "Resource vendor must be fully qualified and cannot contain regexes.";
    private const string Legacy = "The policy failed legacy parsing";

    private static readonly string TableFile = Path.Combine(AppContext.BaseDirectory, "Validation", "resource-arns.json");

    private static readonly string[] Partitions =
        ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

    /// <summary>Component texts: empty, literal, partition-like, and with * and ? at the start, middle and end.</summary>
    private static readonly Gen<string> Component = Gen.OneOf<string>(
        string.Empty, "arn", "aws", "aws-cn", "amazon", "AWS", "s3", "kms", "logs", "us-east-1", "111122223333",
        "key/k1", "b/${aws:username}", "*", "?", "a*", "*b", "a?c", "aws*", "s*3", "us-?", "k:1");

    private static readonly PolicyKind[] Kinds =
        [PolicyKind.Identity, PolicyKind.Session, PolicyKind.PermissionsBoundary, PolicyKind.Resource];

    public static TheoryData<string, string> Table()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in JsonNode.Parse(File.ReadAllText(TableFile))!.AsArray())
        {
            foreach (var element in (string[])["Resource", "NotResource"])
            {
                data.Add(row!["resource"]!.GetValue<string>(), element);
            }
        }

        return data;
    }

    [Fact]
    public void Table_EveryRuleHasCases()
    {
        var messages = JsonNode.Parse(File.ReadAllText(TableFile))!.AsArray()
            .Select(r => RuleOf(r!["message"]?.GetValue<string>()))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(["format", "legacy", "partition", "valid", "vendor"], messages.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Parse_ResourceTableRow_GivesTheMessageVerbatimInEveryPolicyKind(string resource, string element)
    {
        var row = JsonNode.Parse(File.ReadAllText(TableFile))!.AsArray()
            .First(r => r!["resource"]!.GetValue<string>() == resource)!;
        var expected = row["message"]?.GetValue<string>();

        foreach (var kind in Kinds)
        {
            var errors = Validate(resource, element, kind);

            if (expected is null)
            {
                Assert.True(errors.Count == 0, $"{kind} {element} {resource}: {string.Join("; ", errors)}");
            }
            else
            {
                Assert.Equal([new PolicyError($"$.Statement[0].{element}", expected)], errors);
            }
        }
    }

    [Fact]
    public void Parse_GeneratedResourcesOfOneToSevenParts_FollowTheRuleTable()
    {
        Gen.Int[1, 7].SelectMany(parts => Component.Array[parts]).Select(parts => string.Join(':', parts))
            .Sample(
                resource =>
                {
                    var errors = Validate(resource, "Resource", PolicyKind.Identity);
                    var expected = RuleTable(resource);
                    return expected is null
                        ? errors.Count == 0
                        : errors.Count == 1 && errors[0].Message == expected;
                },
                iter: 20_000);
    }

    [Fact]
    public void Parse_GeneratedNotResources_FollowTheSameRuleTable()
    {
        Gen.Int[1, 7].SelectMany(parts => Component.Array[parts]).Select(parts => string.Join(':', parts))
            .Sample(
                resource =>
                {
                    var errors = Validate(resource, "NotResource", PolicyKind.PermissionsBoundary);
                    var expected = RuleTable(resource);
                    return expected is null ? errors.Count == 0 : errors.Single().Message == expected;
                },
                iter: 5_000);
    }

    /// <summary>
    /// The rule table of docs/policy-simulate.md, written as the table reads: the first rule whose condition holds
    /// gives the message; a resource no rule refuses is valid.
    /// </summary>
    private static string? RuleTable(string resource)
    {
        var parts = resource.Split(':');
        bool Wild(string s) => s.Contains('*', StringComparison.Ordinal) || s.Contains('?', StringComparison.Ordinal);
        string Part(int i) => i < parts.Length ? parts[i] : "*";
        var rules = new (Func<bool> When, Func<string> Message)[]
        {
            (() => resource == "*", () => string.Empty),
            (() => parts.Length == 1, () => $"Resource {resource} must be in ARN format or \"*\"."),
            (() => !Partitions.Contains(parts[1]) && !Wild(parts[1]), () =>
                $"Partition \"{parts[1]}\" is not valid for resource \"arn:{parts[1]}:"
                + $"{(parts.Length == 3 && parts[2].Length == 0 ? "*" : Part(2))}:{Part(3)}:{Part(4)}:"
                + $"{(parts.Length > 5 ? string.Join(':', parts[5..]) : "*")}\"."),
            (() => parts[0] != "arn", () => $"Resource {resource} must be in ARN format or \"*\"."),
            (() => parts.Length == 2, () => Vendor),
            (() => Wild(parts[2]), () => Vendor),
            (() => parts[2].Length == 0, () => Legacy),
            (() => parts.Length < 6 && resource.Contains("::", StringComparison.Ordinal), () => Legacy),
        };
        var message = rules.FirstOrDefault(r => r.When()).Message?.Invoke();
        return string.IsNullOrEmpty(message) ? null : message;
    }

    private static string RuleOf(string? message) => message switch
    {
        null => "valid",
        Vendor => "vendor",
        Legacy => "legacy",
        _ when message.StartsWith("Partition ", StringComparison.Ordinal) => "partition",
        _ => "format",
    };

    private static List<PolicyError> Validate(string resource, string element, PolicyKind kind)
    {
        var statement = new JsonObject
        {
            ["Effect"] = "Allow",
            ["Action"] = "s3:GetObject",
            [element] = resource,
        };
        if (kind == PolicyKind.Resource)
        {
            statement["Principal"] = "*";
        }

        var document = new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = new JsonArray(statement) };
        return [.. PolicyDocument.Parse(document.ToJsonString(JsonOptions), kind).Errors];
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
