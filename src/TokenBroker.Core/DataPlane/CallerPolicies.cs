using System.Runtime.CompilerServices;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.DataPlane;

/// <summary>
/// The effective policies of a caller, resolved once per directory version and session (or long-term user) instead of
/// once per decision. Resolving depends only on the directory view and the verified session claims (or the user record
/// of that view), and the verified-token cache hands every request of a token the same claims object, so a warm
/// credential skips the directory lookups and the policy-cache hashing. A new directory version starts a new table.
/// A caller whose policies cannot be found or compiled resolves to null here too, and is denied.
/// </summary>
internal sealed class CallerPolicies(PolicyResolver resolver)
{
    private volatile Table _table = new(DirectoryView.Empty);

    /// <summary>The caller's effective policies in <paramref name="directory"/>, or null when any cannot be found or compiled.</summary>
    public EffectivePolicies? For(DirectoryView directory, Caller caller)
    {
        object? key = caller.Session is { } session ? session : caller.User;
        if (key is null)
        {
            return resolver.ForCaller(directory, caller);
        }

        var table = _table;
        if (!ReferenceEquals(table.Directory, directory))
        {
            table = new Table(directory);
            _table = table;
        }

        if (table.Entries.TryGetValue(key, out var resolved))
        {
            return resolved.Policies;
        }

        var policies = resolver.ForCaller(directory, caller);
        table.Entries.AddOrUpdate(key, new Resolved(policies));
        return policies;
    }

    private sealed class Table(DirectoryView directory)
    {
        public DirectoryView Directory { get; } = directory;

        public ConditionalWeakTable<object, Resolved> Entries { get; } = new();
    }

    private sealed record Resolved(EffectivePolicies? Policies);
}
