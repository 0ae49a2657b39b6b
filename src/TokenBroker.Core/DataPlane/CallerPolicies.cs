using System.Runtime.CompilerServices;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Model;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Core.DataPlane;

/// <summary>
/// The effective policies of a caller, resolved once per directory version and session (or long-term user) instead of
/// once per decision. Resolving depends only on the directory view and the verified session claims (or the user record
/// of that view), and the verified-token cache hands every request of a token the same claims object, so a warm
/// credential skips the directory lookups and the policy-cache hashing. The caller's fixed condition keys
/// (<see cref="ConditionKeys.PrincipalKeys"/>) depend on the same two things and are kept with them. A new directory
/// version starts a new table. A caller whose policies cannot be found or compiled resolves to null here too, and is denied.
/// </summary>
internal sealed class CallerPolicies(PolicyResolver resolver)
{
    private volatile Table _table = new(DirectoryView.Empty);

    /// <summary>
    /// The caller's effective policies in <paramref name="directory"/> with its fixed condition keys, or null policies
    /// (and keys) when any policy cannot be found or compiled.
    /// </summary>
    public (EffectivePolicies? Policies, RequestContext? PrincipalKeys) For(DirectoryView directory, Caller caller)
    {
        object? key = caller.Session is { } session ? session : caller.User;
        if (key is null)
        {
            return Resolve(directory, caller).Pair;
        }

        var table = _table;
        if (!ReferenceEquals(table.Directory, directory))
        {
            table = new Table(directory);
            _table = table;
        }

        if (!table.Entries.TryGetValue(key, out var resolved))
        {
            resolved = Resolve(directory, caller);
            table.Entries.AddOrUpdate(key, resolved);
        }

        return resolved.Pair;
    }

    private Resolved Resolve(DirectoryView directory, Caller caller)
    {
        var policies = resolver.ForCaller(directory, caller);
        return new Resolved(policies, policies is null ? null : ConditionKeys.PrincipalKeys(caller, policies));
    }

    private sealed class Table(DirectoryView directory)
    {
        public DirectoryView Directory { get; } = directory;

        public ConditionalWeakTable<object, Resolved> Entries { get; } = new();
    }

    private sealed record Resolved(EffectivePolicies? Policies, RequestContext? PrincipalKeys)
    {
        public (EffectivePolicies?, RequestContext?) Pair => (Policies, PrincipalKeys);
    }
}
