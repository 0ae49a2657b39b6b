namespace TokenBroker.Host.DataPlane;

/// <summary>Header look-ups in a list of header occurrences, by name ignoring case.</summary>
internal static class HeaderList
{
    /// <summary>Every value of the header joined with commas, as HTTP combines repeats, or null when absent.</summary>
    public static string? Join(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        var values = headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(',', values);
    }

    /// <summary>Whether the header occurs at all.</summary>
    public static bool Contains(IReadOnlyList<KeyValuePair<string, string>> headers, string name) =>
        headers.Any(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
}
