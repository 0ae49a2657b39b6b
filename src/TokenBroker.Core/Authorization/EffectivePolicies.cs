using TokenBroker.Core.Model;
using TokenBroker.Policy.Compiled;

namespace TokenBroker.Core.Authorization;

/// <summary>What a principal's requests are evaluated against: identity policies, permissions boundary, session policies and principal tags.</summary>
public sealed record EffectivePolicies(
    IReadOnlyList<CompiledPolicy> Identity,
    CompiledPolicy? PermissionsBoundary,
    IReadOnlyList<CompiledPolicy> Session,
    IReadOnlyList<Tag> PrincipalTags);
