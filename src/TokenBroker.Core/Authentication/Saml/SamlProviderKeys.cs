using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>
/// The public keys of a provider's metadata certificates. Certificates are decoded once per provider instance into
/// SubjectPublicKeyInfo; each validation gets its own key objects, because RSA instances are not documented as safe to
/// share between threads. Only RSA keys of at least 2048 bits verify (SignedXml verifies RSA; federation.md §2.4 step 8).
/// </summary>
internal sealed class SamlProviderKeys : IDisposable
{
    private const int MinRsaKeySize = 2048;
    private static readonly ConditionalWeakTable<SamlProvider, byte[][]> PublicKeys = [];

    private readonly List<AsymmetricAlgorithm> _keys;

    private SamlProviderKeys(List<AsymmetricAlgorithm> keys) => _keys = keys;

    /// <summary>The keys to try, in metadata order.</summary>
    public IReadOnlyList<AsymmetricAlgorithm> Keys => _keys;

    /// <summary>Fresh key objects for one validation.</summary>
    public static SamlProviderKeys For(SamlProvider provider)
    {
        var keys = new List<AsymmetricAlgorithm>();
        foreach (var spki in PublicKeys.GetValue(provider, static p => Decode(p.SigningCertificates)))
        {
            var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(spki, out _);
            keys.Add(rsa);
        }

        return new SamlProviderKeys(keys);
    }

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }

    private static byte[][] Decode(IReadOnlyList<byte[]> certificates)
    {
        var keys = new List<byte[]>();
        foreach (var der in certificates.Take(SamlProvider.MaxSigningCertificates))
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            using var rsa = certificate.GetRSAPublicKey();
            if (rsa is not null && rsa.KeySize >= MinRsaKeySize)
            {
                keys.Add(rsa.ExportSubjectPublicKeyInfo());
            }
        }

        return [.. keys];
    }
}
