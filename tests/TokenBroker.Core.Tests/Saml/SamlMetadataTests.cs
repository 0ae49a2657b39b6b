using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TokenBroker.Core.Authentication.Saml;

namespace TokenBroker.Core.Tests.Saml;

public sealed class SamlMetadataTests(TestIdp idp) : IClassFixture<TestIdp>
{
    [Fact]
    public void Parse_IdpMetadata_ReturnsEntityIdAndSigningCertificatesOnly()
    {
        var xml = Metadata(
            KeyDescriptor("signing", idp.Signing.Der) + KeyDescriptor("encryption", idp.ServiceProvider.Der) + KeyDescriptor(null, idp.Attacker.Der));

        var result = SamlMetadata.Parse(xml);

        Assert.True(result.IsSuccess, string.Join(" ", result.Errors));
        Assert.Equal(TestIdp.EntityId, result.EntityId);
        Assert.Equal([idp.Signing.Der, idp.Attacker.Der], result.SigningCertificates);
    }

    [Fact]
    public void Parse_MetadataFromParser_ValidatesResponsesOfThatIdp()
    {
        var metadata = SamlMetadata.Parse(Metadata(KeyDescriptor("signing", idp.Signing.Der)));
        var provider = idp.Provider with { EntityId = metadata.EntityId!, SigningCertificates = metadata.SigningCertificates };

        var result = idp.Validate(idp.Issue(new SamlResponseTemplate { SignAssertion = true }), provider);

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Fact]
    public void Parse_RsaKeyBelow2048Bits_Refused()
    {
        using var rsa = RSA.Create(1024);
        using var weak = new CertificateRequest("CN=weak", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var result = SamlMetadata.Parse(Metadata(KeyDescriptor("signing", weak.RawData)));

        Assert.False(result.IsSuccess);
        Assert.Contains(result.Errors, e => e.Contains("2048", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_EcKey_Accepted()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=ec", ec, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        Assert.True(SamlMetadata.Parse(Metadata(KeyDescriptor("signing", certificate.RawData))).IsSuccess);
    }

    [Fact]
    public void Parse_MoreThanTenSigningCertificates_Refused()
    {
        var xml = Metadata(string.Concat(Enumerable.Repeat(KeyDescriptor("signing", idp.Signing.Der), 11)));

        Assert.False(SamlMetadata.Parse(xml).IsSuccess);
    }

    [Theory]
    [InlineData("<!DOCTYPE md:EntityDescriptor [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE x>")]
    public void Parse_Dtd_Refused(string doctype)
    {
        Assert.False(SamlMetadata.Parse(doctype + Metadata(KeyDescriptor("signing", idp.Signing.Der))).IsSuccess);
    }

    [Theory]
    [InlineData("<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\"/>")]
    [InlineData("<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\"><md:IDPSSODescriptor/></md:EntityDescriptor>")]
    [InlineData("<x/>")]
    [InlineData("not xml")]
    public void Parse_NotIdpMetadata_Refused(string xml)
    {
        var result = SamlMetadata.Parse(xml);

        Assert.False(result.IsSuccess);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void Parse_CertificateNotDer_Refused()
    {
        var xml = Metadata(KeyDescriptor("signing", [1, 2, 3, 4]));

        Assert.False(SamlMetadata.Parse(xml).IsSuccess);
    }

    private static string Metadata(string keyDescriptors) =>
        $"<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"{TestIdp.EntityId}\">" +
        "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">" + keyDescriptors +
        "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\"https://idp.example.test/sso\"/>" +
        "</md:IDPSSODescriptor></md:EntityDescriptor>";

    private static string KeyDescriptor(string? use, byte[] der) =>
        "<md:KeyDescriptor" + (use is null ? "" : $" use=\"{use}\"") + "><ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:X509Data><ds:X509Certificate>\n" +
        Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks) + "\n</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>";
}
