namespace TokenBroker.Core.Errors;

/// <summary>Formats AWS's shape-constraint validation messages, one or several violations per request.</summary>
public static class ValidationMessage
{
    /// <summary>One violation: "Value 'x' at 'member' failed to satisfy constraint: …" (value null renders as null).</summary>
    public static string Violation(string? value, string member, string constraint) =>
        value is null
            ? $"Value null at '{member}' failed to satisfy constraint: {constraint}"
            : $"Value '{value}' at '{member}' failed to satisfy constraint: {constraint}";

    /// <summary>The whole message for one or more violations, joined as AWS joins them.</summary>
    public static string Many(IReadOnlyList<string> violations) =>
        violations.Count == 1
            ? "1 validation error detected: " + violations[0]
            : $"{violations.Count} validation errors detected: " + string.Join("; ", violations);
}
