namespace TokenBroker.Core.Authentication.SigV4;

/// <summary>Header lookups with SigV4's view of repetition: all occurrences of a name, joined by ',' in arrival order.</summary>
internal static class SigV4Headers
{
    /// <summary>All values of the header joined with ',', or null when the request does not carry it.</summary>
    public static string? Join(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        string? joined = null;
        foreach (var header in headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                joined = joined is null ? header.Value : joined + "," + header.Value;
            }
        }

        return joined;
    }

    /// <summary>How many times the header occurs.</summary>
    public static int Count(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        var count = 0;
        foreach (var header in headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                count++;
            }
        }

        return count;
    }
}
