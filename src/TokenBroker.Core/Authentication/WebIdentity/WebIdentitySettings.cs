namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>Limits, clock tolerance and key-cache timing for web identity (OIDC) token validation.</summary>
public sealed class WebIdentitySettings
{
    /// <summary>WebIdentityToken is 4..20,000 characters (STS model); nothing longer is parsed.</summary>
    public int MaxTokenLength { get; init; } = 20_000;

    /// <summary>How far exp, nbf and iat may be off from the broker's clock; small on purpose (IdentityModel defaults to 5 minutes).</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a fetched JWKS is used without asking the provider again.</summary>
    public TimeSpan KeysFreshFor { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>After it is no longer fresh, how long a JWKS is still served while a background refresh runs.</summary>
    public TimeSpan KeysStaleFor { get; init; } = TimeSpan.FromHours(1);

    /// <summary>At most one refresh per provider in this interval when a token names an unknown kid.</summary>
    public TimeSpan UnknownKidRefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one discovery or JWKS request, connection included.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest discovery document or JWKS accepted, in bytes.</summary>
    public int MaxDocumentBytes { get; init; } = 128 * 1024;

    /// <summary>Most keys read from one JWKS.</summary>
    public int MaxKeys { get; init; } = 100;

    /// <summary>Smallest RSA modulus accepted, in bits.</summary>
    public int MinRsaKeyBits { get; init; } = 2048;

    /// <summary>Whether a token with a <c>jti</c> is refused when presented again before it expires (on by default).</summary>
    public bool RejectReplayedTokens { get; init; } = true;

    /// <summary>Development only: lets providers flagged AllowHttpLoopback use http:// on a loopback address.</summary>
    public bool AllowHttpLoopbackProviders { get; init; }
}
