using System.Text.Json;

namespace TokenBroker.Core.DataPlane;

/// <summary>
/// The Effect, Action/NotAction and unconditional "Resource: *" facts of a policy's statements, read for summaries and
/// warnings only (never for decisions, which the policy engine makes).
/// </summary>
/// <param name="IsAllow">Whether the statement allows.</param>
/// <param name="IsNotAction">Whether the patterns are NotAction.</param>
/// <param name="Patterns">The action patterns.</param>
/// <param name="IsUnconditional">Whether the statement has no Condition and applies to Resource "*".</param>
public sealed record PolicyActions(bool IsAllow, bool IsNotAction, IReadOnlyList<string> Patterns, bool IsUnconditional)
{
    /// <summary>The statements of a policy document; an unreadable document has none.</summary>
    public static IReadOnlyList<PolicyActions> Read(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        try
        {
            using var json = JsonDocument.Parse(document);
            if (!json.RootElement.TryGetProperty("Statement", out var statements))
            {
                return [];
            }

            var items = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements];
            return items.Where(s => s.ValueKind == JsonValueKind.Object).Select(ReadStatement).ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>Whether the statement names <paramref name="action"/> (prefix:Name), compared case-insensitively with wildcards.</summary>
    public bool Covers(string action) => IsNotAction != Patterns.Any(p => Glob.IsMatch(p, action, ignoreCase: true));

    private static PolicyActions ReadStatement(JsonElement statement)
    {
        var allow = statement.TryGetProperty("Effect", out var effect) && effect.ValueKind == JsonValueKind.String && effect.GetString() == "Allow";
        var notAction = statement.TryGetProperty("NotAction", out var notActions);
        var actions = notAction ? notActions : statement.TryGetProperty("Action", out var named) ? named : default;
        var resourceStar = statement.TryGetProperty("Resource", out var resource) && Strings(resource).Contains("*");
        return new PolicyActions(allow, notAction, Strings(actions), resourceStar && !statement.TryGetProperty("Condition", out _));
    }

    private static List<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList(),
        _ => [],
    };
}
