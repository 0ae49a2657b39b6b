using TokenBroker.Policy.Compiled;

namespace TokenBroker.Policy.Evaluation;

/// <summary>A statement that took part in a decision, named <c>policy#statement</c> (for example <c>identity[0]#AllowRead</c>).</summary>
/// <param name="Policy">The policy's place in the set: <c>identity[i]</c>, <c>resource</c>, <c>boundary</c> or <c>session[i]</c>.</param>
/// <param name="Statement">The statement.</param>
public sealed record MatchedStatement(string Policy, CompiledStatement Statement)
{
    /// <summary>Gets the full name, <c>policy#statement</c>.</summary>
    public string Name => $"{Policy}#{Statement.Name}";

    /// <inheritdoc />
    public override string ToString() => Name;
}
