using System.Xml;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>
/// The children of one saml:Assertion in schema order (SAML Core §2.3.3): Issuer, ds:Signature?, Subject, Conditions,
/// then statements. Advice is refused because it may carry further assertions and signatures (federation.md §2.4 step 4).
/// </summary>
internal sealed record SamlAssertionParts(
    XmlElement Assertion,
    string Id,
    XmlElement Issuer,
    XmlElement? Signature,
    XmlElement Subject,
    XmlElement Conditions,
    IReadOnlyList<XmlElement> AuthnStatements,
    IReadOnlyList<XmlElement> AttributeStatements)
{
    /// <summary>The parts, or null when the assertion does not have SAML's structure.</summary>
    public static SamlAssertionParts? Read(XmlElement assertion)
    {
        if (!SamlXml.Is(assertion, SamlNames.Assertion, "Assertion")
            || !string.Equals(SamlXml.Attribute(assertion, "Version"), "2.0", StringComparison.Ordinal)
            || SamlXml.Attribute(assertion, "ID") is not { Length: > 0 } id
            || SamlXml.Instant(SamlXml.Attribute(assertion, "IssueInstant")) is null)
        {
            return null;
        }

        var children = SamlXml.Children(assertion);
        if (children is null || children.Count < 3 || !SamlXml.Is(children[0], SamlNames.Assertion, "Issuer"))
        {
            return null;
        }

        var next = 1;
        XmlElement? signature = null;
        if (SamlXml.Is(children[next], SamlNames.DSig, "Signature"))
        {
            signature = children[next++];
        }

        if (next + 1 >= children.Count
            || !SamlXml.Is(children[next], SamlNames.Assertion, "Subject")
            || !SamlXml.Is(children[next + 1], SamlNames.Assertion, "Conditions"))
        {
            return null;
        }

        var statements = ReadStatements(children, next + 2);
        return statements is null
            ? null
            : new SamlAssertionParts(assertion, id, children[0], signature, children[next], children[next + 1], statements.Value.Authn, statements.Value.Attribute);
    }

    private static (List<XmlElement> Authn, List<XmlElement> Attribute)? ReadStatements(List<XmlElement> children, int start)
    {
        var authn = new List<XmlElement>();
        var attribute = new List<XmlElement>();
        for (var i = start; i < children.Count; i++)
        {
            var child = children[i];
            if (SamlXml.Is(child, SamlNames.Assertion, "AuthnStatement"))
            {
                authn.Add(child);
            }
            else if (SamlXml.Is(child, SamlNames.Assertion, "AttributeStatement"))
            {
                attribute.Add(child);
            }
            else
            {
                // Advice, AuthzDecisionStatement, extension Statements and anything unknown.
                return null;
            }
        }

        // The Web Browser SSO profile (SAML Profiles §4.1.4.2) requires an AuthnStatement.
        return authn.Count == 0 ? null : (authn, attribute);
    }
}
