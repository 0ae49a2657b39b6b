using System.Diagnostics.CodeAnalysis;
using TokenBroker.Policy.Compiled;

namespace TokenBroker.Policy;

/// <summary>The result of parsing a policy document: the compiled policy, or the validation errors.</summary>
public sealed class PolicyParseResult
{
    internal PolicyParseResult(CompiledPolicy? policy, IReadOnlyList<PolicyError> errors)
    {
        Policy = policy;
        Errors = errors;
    }

    /// <summary>Gets the compiled policy when the document is valid.</summary>
    public CompiledPolicy? Policy { get; }

    /// <summary>Gets the validation errors; empty when the document is valid.</summary>
    public IReadOnlyList<PolicyError> Errors { get; }

    /// <summary>Gets a value indicating whether the document is valid.</summary>
    [MemberNotNullWhen(true, nameof(Policy))]
    public bool IsValid => Policy is not null;
}
