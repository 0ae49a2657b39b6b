using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TokenBroker.Core.Tests.WebIdentity;

/// <summary>
/// A root CA and an intermediate CA made at test time, and a server certificate issued by the intermediate for 127.0.0.1,
/// localhost and the public issuer hosts the provider-claim tests stand in for (<see cref="ProviderIssuers.Hosts"/>).
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    public TestCertificateAuthority(string commonName)
    {
        var now = DateTimeOffset.UtcNow;
        Root = CreateCa($"CN={commonName} Root", null, now);
        Intermediate = CreateCa($"CN={commonName} Intermediate", Root, now);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        foreach (var host in ProviderIssuers.Hosts)
        {
            names.AddDnsName(host);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Intermediate, true, false));
        using var leaf = request.Create(Intermediate, now.AddDays(-1), now.AddDays(30), RandomNumberGenerator.GetBytes(16));
        ServerKeyPem = leafKey.ExportPkcs8PrivateKeyPem();
        ServerChainPem = leaf.ExportCertificatePem() + "\n" + Intermediate.ExportCertificatePem() + "\n";
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    public string ServerKeyPem { get; }

    /// <summary>The server certificate followed by the intermediate, as a server sends them (the root is not sent).</summary>
    public string ServerChainPem { get; }

    /// <summary>Writes server.key and server.crt for the node server.</summary>
    public string WriteTlsDirectory(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "server.key"), ServerKeyPem);
        File.WriteAllText(Path.Combine(directory, "server.crt"), ServerChainPem);
        return directory;
    }

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
    }

    private static X509Certificate2 CreateCa(string subject, X509Certificate2? issuer, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, issuer is not null, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (issuer is null)
        {
            return request.CreateSelfSigned(now.AddDays(-2), now.AddYears(1));
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var issued = request.Create(issuer, now.AddDays(-2), now.AddDays(300), RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }
}
