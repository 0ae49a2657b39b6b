using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>
/// The public keys of a provider's metadata certificates, decoded once per provider instance. Only RSA keys of at
/// least 2048 bits are used to verify (SignedXml verifies RSA signatures; federation.md §2.4 step 8).
/// </summary>
internal static class SamlProviderKeys
{
    private const int MinRsaKeySize = 2048;
    private static readonly ConditionalWeakTable<SamlProvider, IReadOnlyList<AsymmetricAlgorithm>> Cache = [];

    public static IReadOnlyList<AsymmetricAlgorithm> For(SamlProvider provider) =>
        Cache.GetValue(provider, static p => Decode(p.SigningCertificates));

    private static List<AsymmetricAlgorithm> Decode(IReadOnlyList<byte[]> certificates)
    {
        var keys = new List<AsymmetricAlgorithm>();
        foreach (var der in certificates.Take(SamlProvider.MaxSigningCertificates))
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            var rsa = certificate.GetRSAPublicKey();
            if (rsa is not null && rsa.KeySize >= MinRsaKeySize)
            {
                keys.Add(rsa);
            }
            else
            {
                rsa?.Dispose();
            }
        }

        return keys;
    }
}
