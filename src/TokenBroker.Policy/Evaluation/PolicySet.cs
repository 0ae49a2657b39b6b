using TokenBroker.Policy.Compiled;

namespace TokenBroker.Policy.Evaluation;

/// <summary>
/// The policies that apply to one request. The resource policy is a role trust policy when it was compiled as
/// <see cref="PolicyKind.Trust"/>; then the decision always needs an explicit Allow from it.
/// </summary>
public sealed class PolicySet
{
    /// <summary>Creates a policy set.</summary>
    /// <param name="identity">The caller's identity-based policies (user, group and role policies).</param>
    /// <param name="resource">The resource-based or role trust policy, if any.</param>
    /// <param name="permissionsBoundary">The caller's permissions boundary, if any.</param>
    /// <param name="session">The session policies (inline and managed) of the caller's session.</param>
    public PolicySet(
        IEnumerable<CompiledPolicy>? identity = null,
        CompiledPolicy? resource = null,
        CompiledPolicy? permissionsBoundary = null,
        IEnumerable<CompiledPolicy>? session = null)
    {
        Identity = [.. identity ?? []];
        Resource = resource;
        PermissionsBoundary = permissionsBoundary;
        Session = [.. session ?? []];

        // A policy evaluated in a slot it was not validated for could skip a rule of its kind (a Principal, a size).
        RequireKind(Identity, nameof(identity), PolicyKind.Identity);
        // Managed policies passed as PolicyArns keep their identity-policy grammar and quota when they act as session policies.
        RequireKind(Session, nameof(session), PolicyKind.Session, PolicyKind.Identity);
        RequireKind(permissionsBoundary is null ? [] : [permissionsBoundary], nameof(permissionsBoundary), PolicyKind.PermissionsBoundary);
        RequireKind(resource is null ? [] : [resource], nameof(resource), PolicyKind.Resource, PolicyKind.Trust);
    }

    /// <summary>Gets the identity-based policies.</summary>
    public CompiledPolicy[] Identity { get; }

    /// <summary>Gets the resource-based or trust policy.</summary>
    public CompiledPolicy? Resource { get; }

    /// <summary>Gets the permissions boundary.</summary>
    public CompiledPolicy? PermissionsBoundary { get; }

    /// <summary>Gets the session policies.</summary>
    public CompiledPolicy[] Session { get; }

    /// <summary>Gets a value indicating whether the resource policy is a role trust policy.</summary>
    public bool IsTrust => Resource?.Kind == PolicyKind.Trust;

    private static void RequireKind(CompiledPolicy[] policies, string parameter, params PolicyKind[] kinds)
    {
        foreach (var policy in policies)
        {
            if (!kinds.Contains(policy.Kind))
            {
                throw new ArgumentException($"A {policy.Kind} policy cannot be used as {parameter}.", parameter);
            }
        }
    }
}
