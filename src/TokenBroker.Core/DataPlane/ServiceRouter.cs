namespace TokenBroker.Core.DataPlane;

/// <summary>
/// Finds the route of a request: same method (or *) and the same number of path segments, literal segments equal and
/// each {Variable} taking one non-empty segment; the route with the most literal segments wins, then the first declared.
/// Empty, "." and ".." segments match no route: a proxy or upstream that normalises them would serve another path
/// than the one authorized.
/// </summary>
public static class ServiceRouter
{
    /// <summary>The matching route, or null.</summary>
    public static RouteMatch? Match(ServiceCatalog catalog, string method, string rawPath)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(rawPath);
        var segments = Segments(rawPath);
        if (segments is null)
        {
            return null;
        }

        ServiceRoute? best = null;
        var bestLiterals = -1;
        foreach (var route in catalog.Routes)
        {
            if (route.Method != "*" && !string.Equals(route.Method, method, StringComparison.Ordinal))
            {
                continue;
            }

            var literals = LiteralsMatched(route.Path, segments);
            if (literals > bestLiterals)
            {
                best = route;
                bestLiterals = literals;
            }
        }

        return best is null ? null : new RouteMatch(best, Variables(best.Path, segments));
    }

    /// <summary>The number of literal segments when the template matches the segments, else -1; reads the template in place.</summary>
    private static int LiteralsMatched(string path, string[] segments)
    {
        var template = path.AsSpan();
        var index = 0;
        var literals = 0;
        foreach (var range in template.Split('/'))
        {
            var part = template[range];
            if (part.IsEmpty)
            {
                continue;
            }

            if (index >= segments.Length)
            {
                return -1;
            }

            if (!IsVariable(part))
            {
                if (!part.SequenceEqual(segments[index]))
                {
                    return -1;
                }

                literals++;
            }

            index++;
        }

        return index == segments.Length ? literals : -1;
    }

    /// <summary>The values of the template's {Variable} segments, for the one route that matched.</summary>
    private static Dictionary<string, string> Variables(string path, string[] segments)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var template = path.AsSpan();
        var index = 0;
        foreach (var range in template.Split('/'))
        {
            var part = template[range];
            if (part.IsEmpty)
            {
                continue;
            }

            if (IsVariable(part))
            {
                variables[part[1..^1].ToString()] = segments[index];
            }

            index++;
        }

        return variables;
    }

    private static bool IsVariable(ReadOnlySpan<char> part) => part.StartsWith('{') && part.EndsWith('}');

    /// <summary>The decoded segments of a raw path, or null when one is empty, "." or ".." or the path does not start with '/'.</summary>
    private static string[]? Segments(string rawPath)
    {
        if (!rawPath.StartsWith('/'))
        {
            return null;
        }

        if (rawPath == "/")
        {
            return [];
        }

        var raw = rawPath[1..].Split('/');
        var decoded = new string[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            string value;
            try
            {
                value = Uri.UnescapeDataString(raw[i]);
            }
            catch (UriFormatException)
            {
                return null;
            }

            if (value.Length == 0 || value is "." or "..")
            {
                return null;
            }

            decoded[i] = value;
        }

        return decoded;
    }
}
