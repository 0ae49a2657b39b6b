using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Ports;
using PrincipalKind = TokenBroker.Policy.Evaluation.PrincipalKind;

namespace TokenBroker.Core.Revocation;

/// <summary>
/// Checks a verified session against every cutoff that applies to it, on every use of the credentials. Cutoffs are
/// cached per scope and subject for at most <c>cacheDuration</c>, so a new cutoff takes effect within that bound
/// without a store read per request. A store failure throws <see cref="StoreUnavailableException"/>, so the request
/// fails with ServiceUnavailable and is never accepted (ARCHITECTURE.md §10: fail closed).
/// </summary>
public sealed class RevocationChecker(IRevocationStore store, TimeProvider timeProvider, TimeSpan cacheDuration)
{
    /// <summary>The cache bound used when none is configured.</summary>
    public static readonly TimeSpan DefaultCacheDuration = TimeSpan.FromSeconds(5);

    // Session-scope keys are one per session; past this many entries the cache starts over rather than grow.
    private const int MaxCachedEntries = 100_000;

    private static readonly Task<StsError?> NotRevoked = Task.FromResult<StsError?>(null);

    // A session's subjects never change: normalized once per verified session (the verified-token cache keeps the
    // session object), not once per request.
    private static readonly ConditionalWeakTable<VerifiedSession, (RevocationScope Scope, string Subject)[]> Subjects = new();

    private readonly ConcurrentDictionary<(RevocationScope Scope, string Subject), CachedCutoff> _cache = new();

    /// <summary>Null when no cutoff revokes the session; ExpiredToken when one does.</summary>
    /// <remarks>
    /// When every cutoff that applies is cached and within the cache bound, the answer comes from memory without an
    /// await; otherwise the store is read for the stale ones.
    /// </remarks>
    public Task<StsError?> CheckAsync(VerifiedSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var subjects = SubjectsOf(session);
        var issuedAt = session.Claims.IssuedAt;
        var now = timeProvider.GetUtcNow();
        foreach (var key in subjects)
        {
            if (!_cache.TryGetValue(key, out var cached) || now - cached.ReadAt >= cacheDuration)
            {
                return CheckStoreAsync(subjects, issuedAt, cancellationToken);
            }

            if (cached.Cutoff is { } cutoff && issuedAt < cutoff)
            {
                // A revoked session answers as an expired one does, as AWS's revoke-older-sessions deny is not
                // distinguishable from expiry to the caller either.
                return Task.FromResult<StsError?>(StsErrors.ExpiredCallerToken());
            }
        }

        return NotRevoked;
    }

    /// <summary>The scopes and normalized subjects that apply to a session.</summary>
    public static IEnumerable<(RevocationScope Scope, string Subject)> ApplicableSubjects(VerifiedSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var claims = session.Claims;
        yield return (RevocationScope.Session, claims.AccessKeyId.Value);
        yield return (RevocationScope.SigningKey, session.SigningKeyId);
        yield return (RevocationScope.Principal, RevocationSubjects.Normalize(RevocationScope.Principal, claims.PrincipalArn.ToString()));
        if (claims.Kind == PrincipalKind.AssumedRole)
        {
            yield return (RevocationScope.Role, RevocationSubjects.Normalize(RevocationScope.Role, claims.IssuerArn.ToString()));
        }
        else if (claims.IssuerArn != claims.PrincipalArn)
        {
            // GetFederationToken sessions are issued from an IAM user: its cutoff covers them (a GetSessionToken
            // session's ARN is the user's own, checked above).
            yield return (RevocationScope.Principal, RevocationSubjects.Normalize(RevocationScope.Principal, claims.IssuerArn.ToString()));
        }

        if (claims.SourceIdentity is { } sourceIdentity)
        {
            yield return (RevocationScope.SourceIdentity, sourceIdentity);
        }

        if (claims is { FederatedProvider: { } provider, FederatedSubject: { } subject })
        {
            yield return (RevocationScope.ProviderSubject, RevocationSubjects.ProviderSubject(provider, subject));
        }
    }

    private async Task<StsError?> CheckStoreAsync(
        (RevocationScope Scope, string Subject)[] subjects, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (scope, subject) in subjects)
            {
                if (await GetCutoffAsync(scope, subject, cancellationToken) is { } cutoff && issuedAt < cutoff)
                {
                    return StsErrors.ExpiredCallerToken();
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException("The revocation store could not be read.", exception);
        }

        return null;
    }

    private static (RevocationScope Scope, string Subject)[] SubjectsOf(VerifiedSession session)
    {
        if (!Subjects.TryGetValue(session, out var subjects))
        {
            subjects = [.. ApplicableSubjects(session)];
            Subjects.AddOrUpdate(session, subjects);
        }

        return subjects;
    }

    private async Task<DateTimeOffset?> GetCutoffAsync(RevocationScope scope, string subject, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var key = (scope, subject);
        if (_cache.TryGetValue(key, out var cached) && now - cached.ReadAt < cacheDuration)
        {
            return cached.Cutoff;
        }

        var cutoff = await store.GetCutoffAsync(scope, subject, cancellationToken);
        if (cacheDuration > TimeSpan.Zero)
        {
            if (_cache.Count >= MaxCachedEntries)
            {
                _cache.Clear();
            }

            _cache[key] = new CachedCutoff(cutoff, now);
        }

        return cutoff;
    }

    private readonly record struct CachedCutoff(DateTimeOffset? Cutoff, DateTimeOffset ReadAt);
}
