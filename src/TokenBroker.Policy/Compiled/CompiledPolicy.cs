namespace TokenBroker.Policy.Compiled;

/// <summary>
/// An immutable compiled policy, safe to share and cache. Statements are indexed by the service prefix of their
/// actions so that a request only visits statements that can match its action.
/// </summary>
public sealed class CompiledPolicy
{
    private readonly Dictionary<string, CompiledStatement[]> _byService;
    private readonly Dictionary<string, CompiledStatement[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly CompiledStatement[] _anyService;

    internal CompiledPolicy(PolicyKind kind, string version, CompiledStatement[] statements)
    {
        Kind = kind;
        Version = version;
        Statements = statements;
        _anyService = [.. statements.Where(s => s.Services is null)];
        _byService = new Dictionary<string, CompiledStatement[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in statements.SelectMany(s => s.Services ?? []).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            _byService[service] = [.. statements.Where(s => s.Services is null || s.Services.Contains(service, StringComparer.OrdinalIgnoreCase))];
        }

        _lookup = _byService.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Gets the kind the policy was validated as.</summary>
    public PolicyKind Kind { get; }

    /// <summary>Gets the policy language version in effect (<c>2008-10-17</c> when the document has none).</summary>
    public string Version { get; }

    /// <summary>Gets the statements in document order.</summary>
    public IReadOnlyList<CompiledStatement> Statements { get; }

    /// <summary>Gets the statements that can match an action of the given service, in document order.</summary>
    internal CompiledStatement[] Candidates(ReadOnlySpan<char> service) =>
        _lookup.TryGetValue(service, out var statements) ? statements : _anyService;
}
