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
    private const string IamPathMessage =
        "IAM resource path must either be \"*\" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.";

    private static readonly string TableFile = Path.Combine(AppContext.BaseDirectory, "Validation", "resource-arns.json");

    private static readonly string[] Partitions =
        ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

    /// <summary>Component texts: empty, literal, partition-like, and with * and ? at the start, middle and end.</summary>
    private static readonly Gen<string> Component = Gen.OneOf<string>(
        string.Empty, "arn", "aws", "aws-cn", "amazon", "AWS", "s3", "kms", "logs", "us-east-1", "111122223333",
        "key/k1", "b/${aws:username}", "*", "?", "a*", "*b", "a?c", "aws*", "s*3", "us-?", "k:1", "iam", "user/x",
        "role/*", "users/x");

    /// <summary>Prefix, partition and service are drawn mostly from valid values, so the later rules are reached too.</summary>
    private static readonly Gen<string> Prefix = Gen.OneOf<string>("arn", "arn", "arn", "urn", string.Empty, "a*");

    private static readonly Gen<string> Partition =
        Gen.OneOf<string>("aws", "aws", "aws-cn", "aws-us-gov", "*", "a?s", "amazon", "AWS", string.Empty);

    private static readonly Gen<string> Service =
        Gen.OneOf<string>("s3", "iam", "iam", "kms", "logs", string.Empty, "*", "s*3", "?", "i?m");

    /// <summary>Resource strings of 1 to 7 colon-separated parts, each part with or without wildcards.</summary>
    private static readonly Gen<string> ResourceText =
        Gen.Select(Gen.Int[1, 7], Prefix, Partition, Service, Component.Array[4])
            .Select((count, prefix, partition, service, rest) =>
                string.Join(':', ((string[])[prefix, partition, service, .. rest]).Take(count)));

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

        Assert.Equal(["format", "iam-path", "legacy", "partition", "region", "valid", "vendor"], messages.Order(StringComparer.Ordinal));
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
        ResourceText.Sample(
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
        ResourceText.Sample(
                resource =>
                {
                    var errors = Validate(resource, "NotResource", PolicyKind.PermissionsBoundary);
                    var expected = RuleTable(resource);
                    return expected is null ? errors.Count == 0 : errors.Single().Message == expected;
                },
                iter: 5_000);
    }

    [Fact]
    public void ResourceText_Generator_ReachesEveryRuleOfTheTable()
    {
        var rules = new HashSet<string>(StringComparer.Ordinal);
        ResourceText.Sample(resource => { rules.Add(RuleOf(RuleTable(resource))); }, iter: 20_000, threads: 1);

        Assert.Equal(["format", "iam-path", "legacy", "partition", "region", "valid", "vendor"], rules.Order(StringComparer.Ordinal));
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
            (() => parts.Length >= 5 && parts[3].Length > 0 && parts[2] == "iam", () =>
                $"IAM resource {resource} cannot contain region information."),
            (() => parts.Length >= 5 && parts[3].Length > 0 && parts[2] == "s3" && parts[4].Length == 0, () =>
                $"Resource {resource} can not contain region information."),
            (() => parts.Length >= 6 && parts[2] == "iam" && !IamPath(string.Join(':', parts[5..])), () => IamPathMessage),
            (() => parts[2].Length == 0, () => Legacy),
            (() => parts.Length < 6 && resource.Contains("::", StringComparison.Ordinal), () => Legacy),
        };
        var message = rules.FirstOrDefault(r => r.When()).Message?.Invoke();
        return string.IsNullOrEmpty(message) ? null : message;
    }

    private static bool IamPath(string resourcePart) =>
        resourcePart == "*" || IamPathMessage.Split(" start with ")[1].TrimEnd('.').Split(", ").Any(resourcePart.StartsWith);

    private static string RuleOf(string? message) => message switch
    {
        null => "valid",
        Vendor => "vendor",
        Legacy => "legacy",
        IamPathMessage => "iam-path",
        _ when message.EndsWith("contain region information.", StringComparison.Ordinal) => "region",
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
