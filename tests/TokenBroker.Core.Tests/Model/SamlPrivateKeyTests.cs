using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Tests.Model;

public sealed class SamlPrivateKeyTests : IDisposable
{
    private static readonly DateTimeOffset Uploaded = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly RSA _rsa = RSA.Create(2048);

    public void Dispose() => _rsa.Dispose();

    [Fact]
    public void TryImport_Pkcs8Pem_KeepsTheKeyAndTimestamp()
    {
        Assert.True(SamlPrivateKey.TryImport(_rsa.ExportPkcs8PrivateKeyPem(), Uploaded, out var key, out var error), error);

        Assert.Equal(Uploaded, key.Timestamp);
        using var imported = RSA.Create();
        imported.ImportPkcs8PrivateKey(key.PrivateKey, out _);
        Assert.Equal(_rsa.ExportSubjectPublicKeyInfo(), imported.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void TryImport_Pkcs1PemAndPkcs8Pem_SameKeyId()
    {
        Assert.True(SamlPrivateKey.TryImport(_rsa.ExportRSAPrivateKeyPem(), Uploaded, out var pkcs1, out _));
        Assert.True(SamlPrivateKey.TryImport(_rsa.ExportPkcs8PrivateKeyPem(), Uploaded, out var pkcs8, out _));

        Assert.Equal(pkcs8.KeyId, pkcs1.KeyId);
        Assert.Equal(pkcs8.PrivateKey, pkcs1.PrivateKey);
    }

    [Fact]
    public void KeyIdOf_Key_HasIamKeyIdShapeAndDependsOnlyOnPublicKey()
    {
        Assert.True(SamlPrivateKey.TryImport(_rsa.ExportPkcs8PrivateKeyPem(), Uploaded, out var key, out _));

        // IAM RemovePrivateKey: [A-Z0-9]{22,64}.
        Assert.Matches(new Regex("^[A-Z0-9]{22,64}$"), key.KeyId);
        using var publicOnly = RSA.Create();
        publicOnly.ImportSubjectPublicKeyInfo(_rsa.ExportSubjectPublicKeyInfo(), out _);
        Assert.Equal(key.KeyId, SamlPrivateKey.KeyIdOf(publicOnly));
    }

    [Fact]
    public void TryImport_CertificateBesideKey_Accepted()
    {
        var request = new CertificateRequest("CN=sp", _rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(Uploaded, Uploaded.AddYears(1));

        Assert.True(SamlPrivateKey.TryImport(certificate.ExportCertificatePem() + "\n" + _rsa.ExportPkcs8PrivateKeyPem(), Uploaded, out _, out var error), error);
    }

    [Fact]
    public void TryImport_Rsa1024_Refused()
    {
        using var small = RSA.Create(1024);

        Assert.False(SamlPrivateKey.TryImport(small.ExportPkcs8PrivateKeyPem(), Uploaded, out _, out var error));
        Assert.Equal("the private key is RSA-1024; at least RSA-2048 is required.", error);
    }

    [Fact]
    public void TryImport_EcKey_Refused()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.False(SamlPrivateKey.TryImport(ec.ExportPkcs8PrivateKeyPem(), Uploaded, out _, out var error));
        Assert.Equal("the private key is not a readable RSA private key.", error);
    }

    [Fact]
    public void TryImport_PasswordProtectedKey_RefusedWithoutEchoingIt()
    {
        var pem = _rsa.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000));

        Assert.False(SamlPrivateKey.TryImport(pem, Uploaded, out _, out var error));
        Assert.StartsWith("the private key is encrypted", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryImport_PublicKeyOnly_Refused()
    {
        Assert.False(SamlPrivateKey.TryImport(_rsa.ExportSubjectPublicKeyInfoPem(), Uploaded, out _, out var error));
        Assert.Equal("no PEM 'PRIVATE KEY' or 'RSA PRIVATE KEY' block was found.", error);
    }

    [Fact]
    public void TryImport_TwoPrivateKeys_Refused()
    {
        using var other = RSA.Create(2048);

        Assert.False(SamlPrivateKey.TryImport(_rsa.ExportPkcs8PrivateKeyPem() + "\n" + other.ExportPkcs8PrivateKeyPem(), Uploaded, out _, out var error));
        Assert.Equal("the PEM holds more than one private key.", error);
    }

    [Fact]
    public void TryImport_LongerThanIamLimit_Refused()
    {
        var pem = _rsa.ExportPkcs8PrivateKeyPem() + new string('\n', SamlPrivateKey.MaxPemLength);

        Assert.False(SamlPrivateKey.TryImport(pem, Uploaded, out _, out var error));
        Assert.Equal("the private key PEM is longer than 16384 characters.", error);
    }

    [Fact]
    public void ToString_Key_ShowsIdNotKeyMaterial()
    {
        Assert.True(SamlPrivateKey.TryImport(_rsa.ExportPkcs8PrivateKeyPem(), Uploaded, out var key, out _));
        var provider = new SamlProvider(AccountId.Parse("111122223333"), "Idp", "https://idp.example.test/", []) { PrivateKeyList = [key] };

        Assert.Equal($"SamlPrivateKey {{ KeyId = {key.KeyId} }}", key.ToString());
        Assert.DoesNotContain(Convert.ToBase64String(key.PrivateKey)[..40], provider.ToString(), StringComparison.Ordinal);
        Assert.Contains(key.KeyId, provider.ToString(), StringComparison.Ordinal);
    }
}
