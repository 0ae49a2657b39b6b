using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>Which certificate authorities the broker trusts for identity provider discovery and JWKS endpoints.</summary>
public sealed class OidcTlsSettings
{
    /// <summary>Trust the operating system's root CAs, as AWS trusts its "library of trusted root certificate authorities".</summary>
    public bool UseSystemTrust { get; init; } = true;

    /// <summary>Extra root CAs to trust (for example a company CA); empty by default.</summary>
    public X509Certificate2Collection ExtraTrustedCertificateAuthorities { get; init; } = [];

    /// <summary>
    /// Like curl's --connect-to: connections for "host:port" (lower-case host) go to another endpoint (split-horizon DNS,
    /// an egress relay, tests). Only the TCP endpoint changes; TLS still checks the certificate for the issuer's own host.
    /// </summary>
    public IReadOnlyDictionary<string, DnsEndPoint> ConnectTo { get; init; } = new Dictionary<string, DnsEndPoint>();
}
