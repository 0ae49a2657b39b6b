using TokenBroker.Core.Credentials;
using TokenBroker.Policy.Compiled;

namespace TokenBroker.Core.Authorization;

/// <summary>
/// Session policies a request passed that compiled and exist: the compiled documents and the packed form the session
/// token carries; only <see cref="PolicyResolver.CompileRequested"/> makes these, so nothing unchecked is packed.
/// </summary>
public sealed class RequestedSessionPolicies
{
    private RequestedSessionPolicies(IReadOnlyList<CompiledPolicy> compiled, SessionPolicies packed)
    {
        Compiled = compiled;
        Packed = packed;
    }

    /// <summary>No session policies.</summary>
    public static RequestedSessionPolicies None { get; } = new([], SessionPolicies.None);

    /// <summary>The compiled documents, inline policy first, then PolicyArns in request order.</summary>
    public IReadOnlyList<CompiledPolicy> Compiled { get; }

    /// <summary>What the session token carries: the minified inline policy and the PolicyArns.</summary>
    public SessionPolicies Packed { get; }

    internal static RequestedSessionPolicies Of(IReadOnlyList<CompiledPolicy> compiled, SessionPolicies packed) =>
        compiled.Count == 0 ? None : new(compiled, packed);
}
