namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>One provider's cached JWKS, its age, and the single refresh that may be in flight.</summary>
internal sealed class ProviderKeyCache
{
    public readonly Lock Gate = new();

    /// <summary>The last JWKS fetched, or null before the first success.</summary>
    public JsonWebKeySet? Keys { get; set; }

    public DateTimeOffset FetchedAt { get; set; }

    /// <summary>When a token's unknown kid last forced a refresh.</summary>
    public DateTimeOffset? LastUnknownKidRefresh { get; set; }

    /// <summary>The refresh running now; callers share it rather than start another.</summary>
    public Task<Errors.StsResult<JsonWebKeySet>>? InFlight { get; set; }
}
