using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>
/// SignedXml whose references resolve to one element only: the signature's parent, already proven to carry the
/// document-unique ID the reference names. The default resolver would accept any of several spellings and pick one
/// (federation.md §1.7), which is what signature wrapping exploits.
/// </summary>
internal sealed class StrictSignedXml : SignedXml
{
    private readonly XmlElement _signedElement;
    private readonly string _signedId;

    // SignedXml is marked for trimming and AOT because an XSLT transform or an unknown algorithm name would be created
    // by reflection. SamlSignatureVerifier admits only exc-c14n, enveloped-signature and RSA-SHA2 (SHA-1 on opt-in),
    // which SignedXml creates through direct constructors, before LoadXml sees the signature.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Algorithms are allow-listed before LoadXml.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "XSLT transforms are refused before LoadXml.")]
    public StrictSignedXml(XmlElement signedElement, string signedId)
        : base(signedElement)
    {
        _signedElement = signedElement;
        _signedId = signedId;
    }

    public override XmlElement? GetIdElement(XmlDocument? document, string idValue) =>
        string.Equals(idValue, _signedId, StringComparison.Ordinal) ? _signedElement : null;
}
