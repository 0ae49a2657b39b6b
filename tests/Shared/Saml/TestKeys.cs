using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TokenBroker.Tests.Saml;

/// <summary>An RSA key and its self-signed certificate, also written as PEM files for xmlsec1.</summary>
internal sealed class TestKeys : IDisposable
{
    public TestKeys(string directory, string name, int keySize = 2048)
    {
        Rsa = RSA.Create(keySize);
        var request = new CertificateRequest($"CN={name}", Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        Certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        KeyPem = Path.Combine(directory, name + ".key.pem");
        CertPem = Path.Combine(directory, name + ".crt.pem");
        File.WriteAllText(KeyPem, Rsa.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(CertPem, Certificate.ExportCertificatePem());
    }

    public RSA Rsa { get; }

    public X509Certificate2 Certificate { get; }

    public string KeyPem { get; }

    public string CertPem { get; }

    public byte[] Der => Certificate.RawData;

    /// <summary>The key as a SAML provider holds it for decrypting assertions.</summary>
    public TokenBroker.Core.Model.SamlPrivateKey PrivateKey() =>
        TokenBroker.Core.Model.SamlPrivateKey.TryImport(File.ReadAllText(KeyPem), DateTimeOffset.UnixEpoch, out var key, out var error)
            ? key
            : throw new InvalidOperationException(error);

    public void Dispose()
    {
        Certificate.Dispose();
        Rsa.Dispose();
    }
}
