using System.Collections.Concurrent;
using System.Security.Cryptography;
using TokenBroker.Core.Authentication.Saml;

namespace TokenBroker.Host.Saml;

/// <summary>
/// Validated responses waiting for the person's role choice. Each is held under a random 256-bit state, bound to a
/// random cookie value (stored hashed), lives at most five minutes and is taken exactly once: the SAMLResponse itself
/// never goes back to the browser, so the page cannot be used to replay it.
/// </summary>
internal sealed class SamlSignInStates(TimeProvider timeProvider)
{
    /// <summary>How long a person has to pick a role.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>The most sign-ins waiting at once; beyond it the oldest expired ones are dropped and new ones refused.</summary>
    public const int MaxPending = 10_000;

    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    /// <summary>Stores a validated response; returns the state for the page and the binding value for the cookie, or null when full.</summary>
    public (string State, string Binding)? Add(ValidatedSamlResponse response)
    {
        var now = timeProvider.GetUtcNow();
        if (_pending.Count >= MaxPending)
        {
            RemoveExpired(now);
            if (_pending.Count >= MaxPending)
            {
                return null;
            }
        }

        var state = Random();
        var binding = Random();
        _pending[state] = new Pending(response, Hash(binding), now + Lifetime);
        return (state, binding);
    }

    /// <summary>Takes the response stored under <paramref name="state"/> when the cookie binds to it and it has not expired.</summary>
    public ValidatedSamlResponse? Take(string? state, string? binding)
    {
        if (state is null || binding is null || !_pending.TryRemove(state, out var pending))
        {
            return null;
        }

        var bound = CryptographicOperations.FixedTimeEquals(pending.BindingHash, Hash(binding));
        return bound && timeProvider.GetUtcNow() < pending.ExpiresAt ? pending.Response : null;
    }

    private void RemoveExpired(DateTimeOffset now)
    {
        foreach (var (key, pending) in _pending)
        {
            if (pending.ExpiresAt <= now)
            {
                _pending.TryRemove(key, out _);
            }
        }
    }

    private static string Random() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Hash(string value) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value));

    private sealed record Pending(ValidatedSamlResponse Response, byte[] BindingHash, DateTimeOffset ExpiresAt);
}
