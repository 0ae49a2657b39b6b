using System.Text;
using TokenBroker.Core.Authentication.Saml;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Tests.Saml;

/// <summary>
/// The test IdP: keys made here, responses signed and encrypted by xmlsec1 (see tests/idp/README.md). Shared by the
/// SAML test classes so the keys are made once.
/// </summary>
public sealed class TestIdp : IDisposable
{
    public const string EntityId = "https://idp.example.test/metadata";
    public const string AesGcm256 = "http://www.w3.org/2009/xmlenc11#aes256-gcm";
    public const string AesGcm128 = "http://www.w3.org/2009/xmlenc11#aes128-gcm";
    public const string AesCbc256 = "http://www.w3.org/2001/04/xmlenc#aes256-cbc";

    /// <summary>RSA-OAEP key transport as most IdPs send it (SHA-1 digest and MGF1, XML Encryption §5.4.2).</summary>
    public const string RsaOaepMgf1P = "<xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p\"/>";


    private readonly string _directory = Directory.CreateTempSubdirectory("tokenbroker-saml-").FullName;
    private int _files;

    public TestIdp()
    {
        Signing = new TestKeys(_directory, "idp");
        Attacker = new TestKeys(_directory, "attacker");
        ServiceProvider = new TestKeys(_directory, "sp");
        NextServiceProvider = new TestKeys(_directory, "sp-next");
        Provider = new SamlProvider(AccountId.Parse(SamlResponseTemplate.Account), SamlResponseTemplate.ProviderName, EntityId, [Signing.Der])
        {
            PrivateKeyList = [ServiceProvider.PrivateKey()],
        };
    }

    /// <summary>The time the tests validate at: one minute after the template's IssueInstant.</summary>
    public static DateTimeOffset Now { get; } = SamlResponseTemplate.IssueInstant.AddMinutes(1);

    internal TestKeys Signing { get; }

    internal TestKeys Attacker { get; }

    /// <summary>The broker's assertion decryption key, which the provider holds.</summary>
    internal TestKeys ServiceProvider { get; }

    /// <summary>A second decryption key, for rotation: the provider does not hold it unless a test adds it.</summary>
    internal TestKeys NextServiceProvider { get; }

    public SamlProvider Provider { get; }

    public static SamlValidationSettings Settings { get; } = new("https://broker.example.test/saml", "https://broker.example.test/");

    /// <summary>Signs (assertion first, then response) and encrypts the template as it asks, with the IdP's key.</summary>
    internal string Issue(SamlResponseTemplate template, string encryption = AesGcm256) => Issue(template, Signing, encryption);

    internal string Issue(SamlResponseTemplate template, TestKeys key, string encryption = AesGcm256) =>
        Issue(template, key, encryption, ServiceProvider, RsaOaepMgf1P);

    /// <summary>Signs with <paramref name="key"/> and encrypts to <paramref name="recipient"/>'s certificate with the given key transport.</summary>
    internal string Issue(SamlResponseTemplate template, TestKeys key, string encryption, TestKeys recipient, string keyTransport)
    {
        var xml = template.ToXml();
        if (template.SignAssertion)
        {
            xml = Sign(xml, "//*[local-name()='Assertion']/*[local-name()='Signature']", key);
        }

        if (template.EncryptAssertion)
        {
            xml = Encrypt(xml, encryption, recipient, keyTransport);
        }

        if (template.SignResponse)
        {
            xml = Sign(xml, "/*/*[local-name()='Signature']", key);
        }

        return xml;
    }

    /// <summary>Signs the ds:Signature template the XPath selects.</summary>
    internal string Sign(string xml, string signatureXPath, TestKeys key)
    {
        var input = Write(xml);
        return XmlSec1.Run(_directory, "--sign", "--privkey-pem", key.KeyPem + "," + key.CertPem,
            "--id-attr:ID", XmlSec1.ResponseIdAttr, "--id-attr:ID", XmlSec1.AssertionIdAttr,
            "--node-xpath", signatureXPath, input);
    }

    /// <summary>Whether xmlsec1 (a plain XMLDSig verifier, no SAML rules) finds the selected signature valid under the key's certificate.</summary>
    internal bool XmlSec1Verifies(string xml, string signatureXPath, TestKeys key)
    {
        try
        {
            XmlSec1.Run(_directory, "--verify", "--pubkey-cert-pem", key.CertPem,
                "--id-attr:ID", XmlSec1.ResponseIdAttr, "--id-attr:ID", XmlSec1.AssertionIdAttr,
                "--node-xpath", signatureXPath, Write(xml));
            return true;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("failed", StringComparison.Ordinal))
        {
            return false;
        }
    }

    /// <summary>Replaces the saml:Assertion with EncryptedData (RSA-OAEP key transport to the recipient's certificate).</summary>
    internal string Encrypt(string xml, string algorithm, TestKeys recipient, string keyTransport)
    {
        var data = Write(xml);
        var template = Write(
            "<xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\" Type=\"http://www.w3.org/2001/04/xmlenc#Element\">" +
            $"<xenc:EncryptionMethod Algorithm=\"{algorithm}\"/>" +
            "<ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><xenc:EncryptedKey>" +
            keyTransport +
            "<xenc:CipherData><xenc:CipherValue/></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>" +
            "<xenc:CipherData><xenc:CipherValue/></xenc:CipherData></xenc:EncryptedData>");
        var sessionKey = algorithm is AesGcm128 ? "aes-128" : "aes-256";
        return XmlSec1.Run(_directory, "--encrypt", "--pubkey-cert-pem", recipient.CertPem, "--session-key", sessionKey,
            "--xml-data", data, "--node-xpath", "//*[local-name()='Assertion']", template);
    }

    /// <summary>Validates with the test provider, settings and time.</summary>
    public StsResult<ValidatedSamlResponse> Validate(string xml, SamlProvider? provider = null, DateTimeOffset? now = null) =>
        SamlResponseValidator.Validate(Base64(xml), provider ?? Provider, Settings, now ?? Now);

    public static string Base64(string xml) => Convert.ToBase64String(Encoding.UTF8.GetBytes(xml));

    public void Dispose()
    {
        Signing.Dispose();
        Attacker.Dispose();
        ServiceProvider.Dispose();
        NextServiceProvider.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string Write(string content)
    {
        var path = Path.Combine(_directory, $"doc{Interlocked.Increment(ref _files)}.xml");
        File.WriteAllText(path, content);
        return path;
    }
}
