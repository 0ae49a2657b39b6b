namespace TokenBroker.Core.Authentication.SigV4;

/// <summary>A request whose SigV4 signature matched the secret of its access key; only <see cref="SigV4Verifier"/> makes these.</summary>
public sealed class VerifiedSigV4Request
{
    internal VerifiedSigV4Request(SigV4Claims claims) => Claims = claims;

    /// <summary>The claims that the signature proved.</summary>
    public SigV4Claims Claims { get; }
}
