using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using BenchmarkDotNet.Attributes;
using TokenBroker.Core.Authentication.Saml;
using TokenBroker.Core.Model;

namespace TokenBroker.Benchmarks;

/// <summary>
/// Validating a typical signed SAML response: RSA-2048, assertion signed, five attributes (issue 5 target ≤ 2 ms), and
/// the same signed assertion encrypted (AES-256-GCM, RSA-OAEP to a 2048-bit provider key).
/// </summary>
[MemoryDiagnoser]
public class SamlBenchmarks
{
    internal const string EntityId = "https://idp.example.test/metadata";
    internal static readonly DateTimeOffset IssueInstant = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly SamlValidationSettings _settings = new();
    private SamlProvider _provider = null!;
    private string _assertionSigned = null!;
    private string _responseSigned = null!;
    private string _encrypted = null!;
    private RSA _publicKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=idp", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(IssueInstant.AddDays(-1), IssueInstant.AddYears(1));
        _publicKey = certificate.GetRSAPublicKey()!;
        _provider = new SamlProvider(AccountId.Parse("111122223333"), "TestIdp", EntityId, [certificate.RawData]);
        _assertionSigned = Sign(rsa, certificate, "//*[local-name()='Assertion']", "_a1");
        _responseSigned = Sign(rsa, certificate, "/*", "_r1");
        using var spKey = RSA.Create(2048);
        _provider = _provider with { PrivateKeyList = [new SamlPrivateKey(SamlPrivateKey.KeyIdOf(spKey), IssueInstant, spKey.ExportPkcs8PrivateKey())] };
        _encrypted = Encrypt(_assertionSigned, spKey);
        if (!ValidateAssertionSigned() || !ValidateResponseSigned() || !ValidateEncryptedAssertion())
        {
            throw new InvalidOperationException("The benchmark responses must be valid, or the figures measure a rejection.");
        }
    }

    /// <summary>The floor: parsing the same response and SignedXml.CheckSignature alone, no SAML rules.</summary>
    [Benchmark(Baseline = true)]
    public bool SignedXmlOnly()
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        document.LoadXml(Encoding.UTF8.GetString(Convert.FromBase64String(_assertionSigned)));
        var assertion = (XmlElement)document.DocumentElement!.LastChild!;
        var signedXml = new SignedXml(assertion);
        signedXml.LoadXml((XmlElement)assertion.ChildNodes[1]!);
        return signedXml.CheckSignature(_publicKey);
    }

    [Benchmark]
    public bool ValidateAssertionSigned() =>
        SamlResponseValidator.Validate(_assertionSigned, _provider, _settings, IssueInstant.AddMinutes(1)).IsSuccess;

    [Benchmark]
    public bool ValidateResponseSigned() =>
        SamlResponseValidator.Validate(_responseSigned, _provider, _settings, IssueInstant.AddMinutes(1)).IsSuccess;

    [Benchmark]
    public bool ValidateEncryptedAssertion() =>
        SamlResponseValidator.Validate(_encrypted, _provider, _settings, IssueInstant.AddMinutes(1)).IsSuccess;

    // XML Encryption 1.1 §5.2.4 by hand (EncryptedXml has no AES-GCM): IV || ciphertext || tag, key by RSA-OAEP (SHA-1).
    private static string Encrypt(string signedResponse, RSA recipient)
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(Encoding.UTF8.GetString(Convert.FromBase64String(signedResponse)));
        var assertion = (XmlElement)document.DocumentElement!.LastChild!;
        var key = RandomNumberGenerator.GetBytes(32);
        var plaintext = Encoding.UTF8.GetBytes(assertion.OuterXml);
        var data = new byte[12 + plaintext.Length + 16];
        RandomNumberGenerator.Fill(data.AsSpan(0, 12));
        using (var gcm = new AesGcm(key, 16))
        {
            gcm.Encrypt(data.AsSpan(0, 12), plaintext, data.AsSpan(12, plaintext.Length), data.AsSpan(12 + plaintext.Length));
        }

        var wrapped = Convert.ToBase64String(recipient.Encrypt(key, RSAEncryptionPadding.OaepSHA1));
        var encrypted = document.CreateElement("saml", "EncryptedAssertion", "urn:oasis:names:tc:SAML:2.0:assertion");
        encrypted.InnerXml =
            "<xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\" Type=\"http://www.w3.org/2001/04/xmlenc#Element\">" +
            "<xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2009/xmlenc11#aes256-gcm\"/>" +
            "<ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><xenc:EncryptedKey>" +
            "<xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p\"/>" +
            $"<xenc:CipherData><xenc:CipherValue>{wrapped}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>" +
            $"<xenc:CipherData><xenc:CipherValue>{Convert.ToBase64String(data)}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData>";
        document.DocumentElement.ReplaceChild(encrypted, assertion);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(document.OuterXml));
    }

    internal static string Sign(RSA key, X509Certificate2 certificate, string xpath, string id)
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(Response());
        var target = (XmlElement)document.SelectSingleNode(xpath)!;
        var signedXml = new SignedXml(target) { SigningKey = key };
        signedXml.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signedXml.SignedInfo.SignatureMethod = SignedXml.XmlDsigRSASHA256Url;
        var reference = new Reference("#" + id) { DigestMethod = SignedXml.XmlDsigSHA256Url };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signedXml.AddReference(reference);
        signedXml.KeyInfo = new KeyInfo();
        signedXml.KeyInfo.AddClause(new KeyInfoX509Data(certificate));
        signedXml.ComputeSignature();
        target.InsertAfter(document.ImportNode(signedXml.GetXml(), deep: true), target.FirstChild);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(document.OuterXml));
    }

    private static string Response() =>
        "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_r1\" Version=\"2.0\" IssueInstant=\"2026-11-01T12:00:00Z\" Destination=\"https://signin.aws.amazon.com/saml\">" +
        $"<saml:Issuer>{EntityId}</saml:Issuer><samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>" +
        "<saml:Assertion ID=\"_a1\" Version=\"2.0\" IssueInstant=\"2026-11-01T12:00:00Z\">" +
        $"<saml:Issuer>{EntityId}</saml:Issuer>" +
        "<saml:Subject><saml:NameID Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent\">alice@example.com</saml:NameID>" +
        "<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\"><saml:SubjectConfirmationData NotOnOrAfter=\"2026-11-01T12:05:00Z\" Recipient=\"https://signin.aws.amazon.com/saml\"/></saml:SubjectConfirmation></saml:Subject>" +
        "<saml:Conditions NotBefore=\"2026-11-01T11:59:30Z\" NotOnOrAfter=\"2026-11-01T12:05:00Z\"><saml:AudienceRestriction><saml:Audience>urn:amazon:webservices</saml:Audience></saml:AudienceRestriction></saml:Conditions>" +
        "<saml:AuthnStatement AuthnInstant=\"2026-11-01T12:00:00Z\" SessionNotOnOrAfter=\"2026-11-01T20:00:00Z\"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>" +
        "<saml:AttributeStatement>" +
        "<saml:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/Role\"><saml:AttributeValue>arn:aws:iam::111122223333:role/SamlReader,arn:aws:iam::111122223333:saml-provider/TestIdp</saml:AttributeValue></saml:Attribute>" +
        "<saml:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/RoleSessionName\"><saml:AttributeValue>alice@example.com</saml:AttributeValue></saml:Attribute>" +
        "<saml:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/SessionDuration\"><saml:AttributeValue>3600</saml:AttributeValue></saml:Attribute>" +
        "<saml:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/PrincipalTag:Department\"><saml:AttributeValue>Engineering</saml:AttributeValue></saml:Attribute>" +
        "<saml:Attribute Name=\"urn:oid:1.3.6.1.4.1.5923.1.1.1.1\"><saml:AttributeValue>member</saml:AttributeValue><saml:AttributeValue>staff</saml:AttributeValue></saml:Attribute>" +
        "</saml:AttributeStatement></saml:Assertion></samlp:Response>";
}
