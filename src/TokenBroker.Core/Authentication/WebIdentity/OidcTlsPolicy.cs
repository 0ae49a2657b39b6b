using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// Server-certificate checks for identity provider endpoints, in AWS's order: a trusted CA first, and "only then"
/// the provider's thumbprints, each the SHA-1 of the top intermediate CA certificate of the host's chain
/// (IAM UpdateOpenIDConnectProviderThumbprint; id_roles_providers_create_oidc_verify-thumbprint.md). The host name
/// must always match.
/// </summary>
internal static class OidcTlsPolicy
{
    /// <summary>A real socket handler with this policy, no redirects, no decompression and no cookies.</summary>
    public static HttpMessageHandler CreateHandler(OidcTlsSettings tls, IReadOnlyList<string> thumbprints, TimeSpan connectTimeout)
    {
        var pinned = thumbprints.Select(t => t.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            ConnectTimeout = connectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxResponseHeadersLength = 32,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    IsTrusted(tls, pinned, certificate as X509Certificate2, chain, errors),
            },
        };
        if (tls.ConnectTo.Count > 0)
        {
            handler.ConnectCallback = (context, cancellationToken) => ConnectAsync(tls.ConnectTo, context.DnsEndPoint, cancellationToken);
        }

        return handler;
    }

    // The request URI keeps the issuer's host, so SNI and the certificate name check are unchanged by the override.
    private static async ValueTask<Stream> ConnectAsync(
        IReadOnlyDictionary<string, DnsEndPoint> connectTo, DnsEndPoint requested, CancellationToken cancellationToken)
    {
        var key = requested.Host.ToLowerInvariant() + ":" + requested.Port.ToString(CultureInfo.InvariantCulture);
        var endpoint = connectTo.GetValueOrDefault(key) ?? requested;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Applies the policy to one handshake's certificate (exposed for tests of the decision itself).</summary>
    internal static bool IsTrusted(OidcTlsSettings tls, IReadOnlySet<string> pinned, X509Certificate2? certificate,
        X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        if (errors == SslPolicyErrors.None && tls.UseSystemTrust)
        {
            return true;
        }

        var intermediates = Intermediates(presented);
        if (tls.ExtraTrustedCertificateAuthorities.Count > 0 && ChainsTo(certificate, intermediates, tls.ExtraTrustedCertificateAuthorities))
        {
            return true;
        }

        return pinned.Count > 0 && TopIntermediateIsPinned(certificate, intermediates, pinned);
    }

    private static X509Certificate2Collection Intermediates(X509Chain? presented)
    {
        var all = new X509Certificate2Collection();
        if (presented is not null)
        {
            all.AddRange(presented.ChainPolicy.ExtraStore);
            foreach (var element in presented.ChainElements)
            {
                all.Add(element.Certificate);
            }
        }

        return all;
    }

    private static bool ChainsTo(X509Certificate2 leaf, X509Certificate2Collection intermediates, X509Certificate2Collection roots)
    {
        using var chain = NewChain(intermediates);
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        return chain.Build(leaf);
    }

    private static bool TopIntermediateIsPinned(X509Certificate2 leaf, X509Certificate2Collection intermediates, IReadOnlySet<string> pinned)
    {
        // Signatures and validity periods are still checked; only the unknown root is tolerated.
        using var chain = NewChain(intermediates);
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
        if (!chain.Build(leaf))
        {
            return false;
        }

        // "the last certificate displayed ... contains the certificate of the top intermediate CA" (verify-thumbprint.md).
        // X509Certificate2.Thumbprint is the SHA-1 of the DER certificate, the value IAM stores.
        var top = chain.ChainElements[^1].Certificate;
        return pinned.Contains(top.Thumbprint.ToLowerInvariant());
    }

    /// <summary>A chain for a TLS server certificate (id-kp-serverAuth), offline, with the certificates the server sent.</summary>
    private static X509Chain NewChain(X509Certificate2Collection intermediates)
    {
        var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1"));
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        return chain;
    }
}
