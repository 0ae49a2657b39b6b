using System.Xml;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>
/// The children of samlp:Response in schema order (SAML Core §3.2.2, §3.3.3): Issuer?, ds:Signature?, Extensions?,
/// Status, then exactly one Assertion or EncryptedAssertion (federation.md §2.4 step 4).
/// </summary>
internal sealed record SamlResponseParts(
    XmlElement Response,
    XmlElement? Issuer,
    XmlElement? Signature,
    XmlElement Status,
    XmlElement AssertionOrEncrypted)
{
    /// <summary>The parts, or null when the response does not have exactly this structure.</summary>
    public static SamlResponseParts? Read(XmlElement response)
    {
        if (!SamlXml.Is(response, SamlNames.Protocol, "Response")
            || !string.Equals(SamlXml.Attribute(response, "Version"), "2.0", StringComparison.Ordinal)
            || SamlXml.Attribute(response, "ID") is not { Length: > 0 }
            || SamlXml.Instant(SamlXml.Attribute(response, "IssueInstant")) is null)
        {
            return null;
        }

        var children = SamlXml.Children(response);
        if (children is null)
        {
            return null;
        }

        var next = 0;
        var issuer = Optional(children, ref next, SamlNames.Assertion, "Issuer");
        var signature = Optional(children, ref next, SamlNames.DSig, "Signature");

        // AWS reads nothing from Extensions; the document scan refuses any signature or assertion inside it (XSW7).
        Optional(children, ref next, SamlNames.Protocol, "Extensions");
        if (children.Count != next + 2 || !SamlXml.Is(children[next], SamlNames.Protocol, "Status"))
        {
            return null;
        }

        var assertion = children[next + 1];
        if (!SamlXml.Is(assertion, SamlNames.Assertion, "Assertion") && !SamlXml.Is(assertion, SamlNames.Assertion, "EncryptedAssertion"))
        {
            return null;
        }

        return new SamlResponseParts(response, issuer, signature, children[next], assertion);
    }

    /// <summary>Whether the Status is exactly a top-level Success code (SAML Core §3.2.2.2).</summary>
    public bool IsSuccess()
    {
        var children = SamlXml.Children(Status);
        if (children is null || children.Count == 0 || !SamlXml.Is(children[0], SamlNames.Protocol, "StatusCode"))
        {
            return false;
        }

        // StatusMessage is harmless; StatusDetail is refused (CVE-2024-45409 smuggled a DigestValue in it).
        for (var i = 1; i < children.Count; i++)
        {
            if (!SamlXml.Is(children[i], SamlNames.Protocol, "StatusMessage"))
            {
                return false;
            }
        }

        return string.Equals(SamlXml.Attribute(children[0], "Value"), SamlNames.StatusSuccess, StringComparison.Ordinal);
    }

    private static XmlElement? Optional(List<XmlElement> children, ref int next, string ns, string localName)
    {
        if (next < children.Count && SamlXml.Is(children[next], ns, localName))
        {
            return children[next++];
        }

        return null;
    }
}
