using System.Security.Cryptography.X509Certificates;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>Which certificate authorities the broker trusts for identity provider discovery and JWKS endpoints.</summary>
public sealed class OidcTlsSettings
{
    /// <summary>Trust the operating system's root CAs, as AWS trusts its "library of trusted root certificate authorities".</summary>
    public bool UseSystemTrust { get; init; } = true;

    /// <summary>Extra root CAs to trust (for example a company CA); empty by default.</summary>
    public X509Certificate2Collection ExtraTrustedCertificateAuthorities { get; init; } = [];
}
