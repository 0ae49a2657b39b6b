using TokenBroker.Core.Model;
using TokenBroker.Host.Tests.EndToEnd;
using TokenBroker.Tests;

namespace TokenBroker.Host.Tests.Saml;

/// <summary>
/// A broker whose directory trusts the xmlsec1 test IdP (account 111122223333, provider TestIdp), listening on a port
/// chosen up front so that its own ACS URL (TOKENBROKER_SAML_ACS_URL) is the Recipient the IdP addresses.
/// </summary>
public sealed class SamlBrokerFixture : BrokerFixture, IDisposable
{
    public const string EntityId = "https://broker.example.test/";

    private readonly int _port = LoopbackPort.Free();

    public TestIdp Idp { get; } = new();

    public string AcsUrl => $"http://127.0.0.1:{_port}/saml";

    /// <summary>TestIdpEncrypted's own ACS URL, where an IdP posts responses whose assertion it encrypts.</summary>
    public string EncryptedProviderAcsUrl => AcsUrl + "/acs/111122223333/TestIdpEncrypted";

    protected override string Urls => $"http://127.0.0.1:{_port}";

    protected override DirectorySnapshot Snapshot() => SamlDirectory.Snapshot(Idp);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("TOKENBROKER_SAML_ACS_URL", AcsUrl),
        new("TOKENBROKER_SAML_ENTITY_ID", EntityId),
    ];

    /// <summary>A response issued now by the broker's clock, with fresh IDs, addressed to the broker's ACS URL.</summary>
    internal SamlResponseTemplate Template(bool signResponse = false, bool signAssertion = true, bool encryptAssertion = false) => new()
    {
        Issued = Time.GetUtcNow(),
        ResponseId = "_r" + Guid.NewGuid().ToString("N"),
        AssertionId = "_a" + Guid.NewGuid().ToString("N"),
        Recipient = AcsUrl,
        Audience = EntityId,
        SignResponse = signResponse,
        SignAssertion = signAssertion,
        EncryptAssertion = encryptAssertion,
    };

    /// <summary>A response whose Role attribute allows SamlEncrypted through TestIdpEncrypted, the provider that requires encryption.</summary>
    internal SamlResponseTemplate EncryptedProviderTemplate(bool signResponse = true, bool signAssertion = true)
    {
        var template = Template(signResponse, signAssertion);
        const string roleAttribute = "https://aws.amazon.com/SAML/Attributes/Role";
        return template with
        {
            Attributes =
            [
                (roleAttribute, [SamlDirectory.EncryptedRoleArn + "," + SamlDirectory.EncryptedProviderArn]),
                .. template.Attributes.Where(a => a.Name != roleAttribute),
            ],
        };
    }

    /// <summary>The base64 SAMLResponse xmlsec1 signs (and encrypts to the broker's current key) for the template.</summary>
    internal string Issue(SamlResponseTemplate template) => TestIdp.Base64(Idp.Issue(template));

    /// <summary>The base64 SAMLResponse xmlsec1 signs with the IdP's key and encrypts (AES-256-GCM, RSA-OAEP) to <paramref name="recipient"/>.</summary>
    internal string IssueEncryptedTo(SamlResponseTemplate template, TestKeys recipient) =>
        TestIdp.Base64(Idp.Issue(template with { EncryptAssertion = true }, Idp.Signing, TestIdp.AesGcm256, recipient, TestIdp.RsaOaepMgf1P));

    public void Dispose() => Idp.Dispose();
}
