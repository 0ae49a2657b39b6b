using System.Globalization;
using System.Security;
using System.Text;

namespace TokenBroker.Tests.Saml;

/// <summary>
/// An unsigned SAML response in the shape real IdPs emit for AWS, with ds:Signature templates (empty DigestValue and
/// SignatureValue) where xmlsec1 is to sign. One property changes per test.
/// </summary>
internal sealed record SamlResponseTemplate
{
    public const string Account = "111122223333";
    public const string ProviderName = "TestIdp";
    public const string RoleArn = "arn:aws:iam::111122223333:role/SamlReader";
    public const string ProviderArn = "arn:aws:iam::111122223333:saml-provider/TestIdp";

    public static readonly DateTimeOffset IssueInstant = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>When the IdP issued the response; the end-to-end tests use the broker's clock.</summary>
    public DateTimeOffset Issued { get; init; } = IssueInstant;

    public string ResponseId { get; init; } = "_r1d2e3f4a5b6c7d8e9f0";
    public string AssertionId { get; init; } = "_a1b2c3d4e5f6a7b8c9d0";
    public string Issuer { get; init; } = TestIdp.EntityId;
    public string AssertionIssuer { get; init; } = TestIdp.EntityId;
    public string NameId { get; init; } = "alice@example.com";
    public string? NameIdFormat { get; init; } = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
    public string Recipient { get; init; } = "https://signin.aws.amazon.com/saml";
    public string Audience { get; init; } = "urn:amazon:webservices";
    public string StatusCode { get; init; } = "urn:oasis:names:tc:SAML:2.0:status:Success";
    public string ConfirmationMethod { get; init; } = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long after issue the IdP's session ends (AuthnStatement SessionNotOnOrAfter).</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(8);
    public bool SignResponse { get; init; }
    public bool SignAssertion { get; init; }
    public bool EncryptAssertion { get; init; }
    public string SignatureMethod { get; init; } = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    public string DigestMethod { get; init; } = "http://www.w3.org/2001/04/xmlenc#sha256";

    /// <summary>The ds:Transforms content of each signature template.</summary>
    public string Transforms { get; init; } =
        "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>" +
        "<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>";

    public string CanonicalizationMethod { get; init; } = "http://www.w3.org/2001/10/xml-exc-c14n#";

    /// <summary>Extra ds:Reference elements added to the assertion's signature template.</summary>
    public string ExtraReferences { get; init; } = "";

    public IReadOnlyList<(string Name, string[] Values)> Attributes { get; init; } =
    [
        ("https://aws.amazon.com/SAML/Attributes/Role", [RoleArn + "," + ProviderArn, "arn:aws:iam::111122223333:saml-provider/TestIdp,arn:aws:iam::111122223333:role/SamlAdmin"]),
        ("https://aws.amazon.com/SAML/Attributes/RoleSessionName", ["alice@example.com"]),
        ("https://aws.amazon.com/SAML/Attributes/SessionDuration", ["1800"]),
        ("https://aws.amazon.com/SAML/Attributes/PrincipalTag:Department", ["Engineering"]),
        ("urn:oid:1.3.6.1.4.1.5923.1.1.1.1", ["member", "staff"]),
    ];

    public string ToXml()
    {
        var xml = new StringBuilder();
        xml.Append("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"")
            .Append(" ID=\"").Append(ResponseId).Append("\" Version=\"2.0\" IssueInstant=\"").Append(Time(TimeSpan.Zero))
            .Append("\" Destination=\"").Append(Escape(Recipient)).Append("\">")
            .Append("<saml:Issuer>").Append(Escape(Issuer)).Append("</saml:Issuer>");
        if (SignResponse)
        {
            xml.Append(SignatureTemplate(ResponseId, ""));
        }

        xml.Append("<samlp:Status><samlp:StatusCode Value=\"").Append(StatusCode).Append("\"/></samlp:Status>");
        if (EncryptAssertion)
        {
            xml.Append("<saml:EncryptedAssertion>").Append(AssertionXml()).Append("</saml:EncryptedAssertion>");
        }
        else
        {
            xml.Append(AssertionXml());
        }

        return xml.Append("</samlp:Response>").ToString();
    }

    private string AssertionXml()
    {
        var xml = new StringBuilder();
        xml.Append("<saml:Assertion xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" ID=\"").Append(AssertionId)
            .Append("\" Version=\"2.0\" IssueInstant=\"").Append(Time(TimeSpan.Zero)).Append("\">")
            .Append("<saml:Issuer>").Append(Escape(AssertionIssuer)).Append("</saml:Issuer>");
        if (SignAssertion)
        {
            xml.Append(SignatureTemplate(AssertionId, ExtraReferences));
        }

        xml.Append("<saml:Subject><saml:NameID");
        if (NameIdFormat is not null)
        {
            xml.Append(" Format=\"").Append(NameIdFormat).Append('"');
        }

        xml.Append('>').Append(Escape(NameId)).Append("</saml:NameID>")
            .Append("<saml:SubjectConfirmation Method=\"").Append(ConfirmationMethod).Append("\"><saml:SubjectConfirmationData NotOnOrAfter=\"")
            .Append(Time(Lifetime)).Append("\" Recipient=\"").Append(Escape(Recipient)).Append("\"/></saml:SubjectConfirmation></saml:Subject>")
            .Append("<saml:Conditions NotBefore=\"").Append(Time(TimeSpan.FromSeconds(-30))).Append("\" NotOnOrAfter=\"").Append(Time(Lifetime))
            .Append("\"><saml:AudienceRestriction><saml:Audience>").Append(Escape(Audience)).Append("</saml:Audience></saml:AudienceRestriction></saml:Conditions>")
            .Append("<saml:AuthnStatement AuthnInstant=\"").Append(Time(TimeSpan.Zero)).Append("\" SessionNotOnOrAfter=\"").Append(Time(SessionLifetime))
            .Append("\"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>")
            .Append("<saml:AttributeStatement>");
        foreach (var (name, values) in Attributes)
        {
            xml.Append("<saml:Attribute Name=\"").Append(Escape(name)).Append("\">");
            foreach (var value in values)
            {
                xml.Append("<saml:AttributeValue>").Append(Escape(value)).Append("</saml:AttributeValue>");
            }

            xml.Append("</saml:Attribute>");
        }

        return xml.Append("</saml:AttributeStatement></saml:Assertion>").ToString();
    }

    private string SignatureTemplate(string id, string extraReferences) =>
        "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo>" +
        $"<ds:CanonicalizationMethod Algorithm=\"{CanonicalizationMethod}\"/><ds:SignatureMethod Algorithm=\"{SignatureMethod}\"/>" +
        $"<ds:Reference URI=\"#{id}\"><ds:Transforms>{Transforms}</ds:Transforms>" +
        $"<ds:DigestMethod Algorithm=\"{DigestMethod}\"/><ds:DigestValue/></ds:Reference>{extraReferences}</ds:SignedInfo>" +
        "<ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>";

    private string Time(TimeSpan offset) =>
        (Issued + offset).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text);
}
