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

        RouteMatch? best = null;
        var bestLiterals = -1;
        foreach (var route in catalog.Routes)
        {
            if (route.Method != "*" && !string.Equals(route.Method, method, StringComparison.Ordinal))
            {
                continue;
            }

            var template = route.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (template.Length != segments.Length)
            {
                continue;
            }

            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            var literals = 0;
            var matches = true;
            for (var i = 0; i < template.Length && matches; i++)
            {
                if (template[i].StartsWith('{') && template[i].EndsWith('}'))
                {
                    variables[template[i][1..^1]] = segments[i];
                }
                else
                {
                    matches = string.Equals(template[i], segments[i], StringComparison.Ordinal);
                    literals++;
                }
            }

            if (matches && literals > bestLiterals)
            {
                best = new RouteMatch(route, variables);
                bestLiterals = literals;
            }
        }

        return best;
    }

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
