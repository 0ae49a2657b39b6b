namespace TokenBroker.Policy.Compiled;

/// <summary>
/// Statements of one service bucket, further keyed by the literal first path element of their Resource
/// (<c>bucket</c> in <c>arn:aws:s3:::bucket/*</c>), so a policy naming many resources of one service only checks the
/// statements that can name the requested one. Statements without such a key are always checked.
/// </summary>
internal sealed class StatementIndex
{
    private readonly Dictionary<string, CompiledStatement[]>.AlternateLookup<ReadOnlySpan<char>> _byResourceKey;

    public StatementIndex(IEnumerable<CompiledStatement> statements)
    {
        var always = new List<CompiledStatement>();
        var byKey = new Dictionary<string, List<CompiledStatement>>(StringComparer.Ordinal);
        foreach (var statement in statements)
        {
            if (statement.ResourceKeys is null)
            {
                always.Add(statement);
                continue;
            }

            foreach (var key in statement.ResourceKeys)
            {
                if (!byKey.TryGetValue(key, out var keyed))
                {
                    byKey[key] = keyed = [];
                }

                keyed.Add(statement);
            }
        }

        Always = [.. always];
        _byResourceKey = byKey.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Gets the statements checked for every request.</summary>
    public CompiledStatement[] Always { get; }

    /// <summary>Gets the statements keyed by the request's resource key, or an empty array.</summary>
    public CompiledStatement[] Keyed(ReadOnlySpan<char> resourceKey) =>
        _byResourceKey.TryGetValue(resourceKey, out var statements) ? statements : [];

    /// <summary>The resource key of a resource part: its text up to the first '/'.</summary>
    public static ReadOnlySpan<char> KeyOf(ReadOnlySpan<char> resourcePart)
    {
        var slash = resourcePart.IndexOf('/');
        return slash < 0 ? resourcePart : resourcePart[..slash];
    }

    /// <summary>The key of a Resource pattern, or null when its first path element holds a wildcard or a variable.</summary>
    public static string? KeyOfPattern(string resourcePart)
    {
        var key = KeyOf(resourcePart);
        var wildcardOrVariable = key.IndexOfAny('*', '?', '$') >= 0
            || (key.Length == resourcePart.Length && resourcePart.Length == 0);
        return wildcardOrVariable ? null : key.ToString();
    }
}
