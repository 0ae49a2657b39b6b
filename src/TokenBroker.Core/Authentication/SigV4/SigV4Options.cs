namespace TokenBroker.Core.Authentication.SigV4;

/// <summary>What a SigV4 signature must be scoped to and how far the caller's clock may drift.</summary>
public sealed class SigV4Options
{
    /// <summary>The regions a credential scope may name (for example us-east-1 for the global STS endpoint).</summary>
    public required IReadOnlySet<string> Regions { get; init; }

    /// <summary>The service a credential scope must name.</summary>
    public string Service { get; init; } = "sts";

    /// <summary>How far the signing time may be from the broker's clock in either direction (AWS allows 15 minutes).</summary>
    public TimeSpan MaxSkew { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How many derived signing keys (one per secret, day, region and service) are kept.</summary>
    public int SigningKeyCacheCapacity { get; init; } = 1024;
}
