namespace TokenBroker.Policy.Compiled;

/// <summary>
/// An immutable compiled policy, safe to share and cache. Statements are indexed by the service prefix of their
/// actions so that a request only visits statements that can match its action.
/// </summary>
public sealed class CompiledPolicy
{
    private readonly Dictionary<string, StatementIndex>.AlternateLookup<ReadOnlySpan<char>> _byService;
    private readonly StatementIndex _anyService;

    internal CompiledPolicy(PolicyKind kind, string version, CompiledStatement[] statements)
    {
        Kind = kind;
        Version = version;
        Statements = statements;
        var anyService = statements.Where(s => s.Services is null).ToList();
        var byService = new Dictionary<string, List<CompiledStatement>>(StringComparer.OrdinalIgnoreCase);
        foreach (var statement in statements)
        {
            foreach (var service in statement.Services ?? [])
            {
                if (!byService.TryGetValue(service, out var list))
                {
                    byService[service] = list = [];
                }

                list.Add(statement);
            }
        }

        // A statement that can match any service is a candidate in every service bucket too.
        _anyService = new StatementIndex(anyService);
        _byService = byService
            .ToDictionary(p => p.Key, p => new StatementIndex(p.Value.Concat(anyService)), StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Gets the kind the policy was validated as.</summary>
    public PolicyKind Kind { get; }

    /// <summary>Gets the policy language version in effect (<c>2008-10-17</c> when the document has none).</summary>
    public string Version { get; }

    /// <summary>Gets the statements in document order.</summary>
    public IReadOnlyList<CompiledStatement> Statements { get; }

    /// <summary>Gets the statements that can match an action of the given service.</summary>
    internal StatementIndex Candidates(ReadOnlySpan<char> service) =>
        _byService.TryGetValue(service, out var index) ? index : _anyService;
}
