using System.Xml;
using TokenBroker.Core.Authentication.Saml;

namespace TokenBroker.Core.Tests.Saml;

/// <summary>
/// Every known SAML attack, built as a mutation of a response the independent IdP signed; each must be refused.
/// XSW1–XSW8 follow SAML Raider's definitions (federation.md §2.1).
/// </summary>
public sealed class SamlAttackTests(TestIdp idp) : IClassFixture<TestIdp>
{
    private const string Invalid = "Response signature invalid";
    private const string ResponseSignature = "/*/*[local-name()='Signature']";
    private const string AssertionSignature = "//*[local-name()='Assertion']/*[local-name()='Signature']";

    private static readonly SamlResponseTemplate ResponseSigned = new() { SignResponse = true };
    private static readonly SamlResponseTemplate AssertionSigned = new() { SignAssertion = true };
    private static readonly SamlResponseTemplate BothSigned = new() { SignResponse = true, SignAssertion = true };

    public static TheoryData<string> AssertionSignedShapes => new() { "assertion", "both" };

    [Fact]
    public void Saml_Xsw1_CloneOfSignedResponseInsideSignature_Rejected()
    {
        var m = Signed(ResponseSigned);
        var clone = SamlMutation.UnsignedCopy(m.Response, m.Response.GetAttribute("ID"));
        m.One("/samlp:Response/ds:Signature").AppendChild(clone);
        m.Response.SetAttribute("ID", "_evil");
        SamlMutation.MakeEvil(m.Assertion);

        AssertRejected(m);
    }

    [Fact]
    public void Saml_Xsw2_CloneOfSignedResponseBeforeSignature_Rejected()
    {
        var m = Signed(ResponseSigned);
        var clone = SamlMutation.UnsignedCopy(m.Response, m.Response.GetAttribute("ID"));
        m.Response.InsertBefore(clone, m.One("/samlp:Response/ds:Signature"));
        m.Response.SetAttribute("ID", "_evil");
        SamlMutation.MakeEvil(m.Assertion);

        AssertRejected(m);
    }

    [Theory]
    [MemberData(nameof(AssertionSignedShapes))]
    public void Saml_Xsw3_EvilAssertionBeforeSignedOne_Rejected(string shape)
    {
        var m = Signed(Shape(shape));
        var evil = SamlMutation.UnsignedCopy(m.Assertion, "_evil");
        SamlMutation.MakeEvil(evil);
        m.Response.InsertBefore(evil, m.Assertion);

        AssertRejected(m);
    }

    [Theory]
    [MemberData(nameof(AssertionSignedShapes))]
    public void Saml_Xsw4_SignedAssertionMovedInsideEvilOne_Rejected(string shape)
    {
        var m = Signed(Shape(shape));
        var original = m.Assertion;
        var evil = SamlMutation.UnsignedCopy(original, "_evil");
        SamlMutation.MakeEvil(evil);
        m.Response.ReplaceChild(evil, original);
        evil.AppendChild(original);

        AssertRejected(m);
    }

    [Theory]
    [MemberData(nameof(AssertionSignedShapes))]
    public void Saml_Xsw5_EvilSignedAssertionWithUnsignedOriginalAppended_Rejected(string shape)
    {
        var m = Signed(Shape(shape));
        var original = m.Assertion;
        var copy = SamlMutation.UnsignedCopy(original, original.GetAttribute("ID"));
        SamlMutation.MakeEvil(original);
        original.SetAttribute("ID", "_evil");
        m.Response.AppendChild(copy);

        AssertRejected(m);
    }

    [Theory]
    [MemberData(nameof(AssertionSignedShapes))]
    public void Saml_Xsw6_EvilSignedAssertionWithOriginalInsideSignature_Rejected(string shape)
    {
        var m = Signed(Shape(shape));
        var original = m.Assertion;
        var copy = SamlMutation.UnsignedCopy(original, original.GetAttribute("ID"));
        SamlMutation.MakeEvil(original);
        original.SetAttribute("ID", "_evil");
        m.One("/samlp:Response/saml:Assertion/ds:Signature").AppendChild(copy);

        AssertRejected(m);
    }

    [Theory]
    [MemberData(nameof(AssertionSignedShapes))]
    public void Saml_Xsw7_EvilAssertionInExtensions_Rejected(string shape)
    {
        var m = Signed(Shape(shape));
        var extensions = m.New("samlp", "Extensions", "urn:oasis:names:tc:SAML:2.0:protocol");
        var evil = SamlMutation.UnsignedCopy(m.Assertion, "_evil");
        SamlMutation.MakeEvil(evil);
        extensions.AppendChild(evil);
        m.Response.InsertBefore(extensions, m.One("/samlp:Response/samlp:Status"));

        AssertRejected(m);
    }

    [Theory]
    [MemberData(nameof(AssertionSignedShapes))]
    public void Saml_Xsw8_EvilSignedAssertionWithOriginalInSignatureObject_Rejected(string shape)
    {
        var m = Signed(Shape(shape));
        var original = m.Assertion;
        var copy = SamlMutation.UnsignedCopy(original, original.GetAttribute("ID"));
        SamlMutation.MakeEvil(original);
        var obj = m.New("ds", "Object", "http://www.w3.org/2000/09/xmldsig#");
        obj.AppendChild(copy);
        m.One("/samlp:Response/saml:Assertion/ds:Signature").AppendChild(obj);

        AssertRejected(m);
    }

    [Fact]
    public void Saml_XswAssertionWrappedInAdvice_Rejected()
    {
        var m = Signed(AssertionSigned);
        var evil = SamlMutation.UnsignedCopy(m.Assertion, "_evil");
        SamlMutation.MakeEvil(evil);
        var advice = m.New("saml", "Advice", "urn:oasis:names:tc:SAML:2.0:assertion");
        advice.AppendChild(m.Assertion.CloneNode(deep: true));
        evil.InsertBefore(advice, evil.SelectSingleNode("*[local-name()='AuthnStatement']"));
        m.Response.ReplaceChild(evil, m.Assertion);

        AssertRejected(m);
    }

    [Fact]
    public void Saml_XswSignedResponseCoveringOnlyWrapperNotConsumedAssertion_Rejected()
    {
        // A signed Response whose Assertion is swapped for an unsigned evil one keeps no valid signature over it.
        var m = Signed(ResponseSigned);
        SamlMutation.MakeEvil(m.Assertion);

        AssertRejected(m);
    }

    [Fact]
    public void Saml_MultipleAssertions_SecondSignedCopyAppended_Rejected()
    {
        var m = Signed(AssertionSigned);
        var second = (XmlElement)m.Assertion.CloneNode(deep: true);
        second.SetAttribute("ID", "_second");
        m.Response.AppendChild(second);

        AssertRejected(m);
    }

    [Fact]
    public void Saml_CommentInjectionInNameId_Rejected()
    {
        // The IdP signs "alice@example.com.evil.test"; a comment leaves the digest valid but truncates naive readers.
        var m = Signed(AssertionSigned with { NameId = "alice@example.com.evil.test" });
        var nameId = m.One("/samlp:Response/saml:Assertion/saml:Subject/saml:NameID");
        nameId.InnerXml = "alice@example.com<!---->.evil.test";
        Assert.True(idp.XmlSec1Verifies(m.ToString(), AssertionSignature, idp.Signing), "the comment must leave the signature valid");

        AssertRejected(m);
    }

    [Fact]
    public void Saml_CommentInjectionInRoleSessionNameAttribute_Rejected()
    {
        var m = Signed(AssertionSigned);
        var value = m.One("//saml:Attribute[@Name='https://aws.amazon.com/SAML/Attributes/RoleSessionName']/saml:AttributeValue");
        value.InnerXml = "alice@example.com<!---->";
        Assert.True(idp.XmlSec1Verifies(m.ToString(), AssertionSignature, idp.Signing), "the comment must leave the signature valid");

        AssertRejected(m);
    }

    [Fact]
    public void Saml_CommentInjectionInRoleAttribute_Rejected()
    {
        var m = Signed(ResponseSigned);
        var value = m.One("//saml:Attribute[@Name='https://aws.amazon.com/SAML/Attributes/Role']/saml:AttributeValue");
        value.InnerXml = value.InnerText + "<!-- -->";

        AssertRejected(m);
    }

    [Fact]
    public void Saml_ChildElementInNameId_Rejected()
    {
        var m = Signed(AssertionSigned);
        m.One("//saml:NameID").InnerXml = "alice<saml:x xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">@example.com</saml:x>";

        AssertRejected(m);
    }

    [Fact]
    public void Saml_SignatureInExtensions_Rejected()
    {
        var m = Signed(AssertionSigned);
        var extensions = m.New("samlp", "Extensions", "urn:oasis:names:tc:SAML:2.0:protocol");
        extensions.AppendChild(m.One("/samlp:Response/saml:Assertion/ds:Signature").CloneNode(deep: true));
        m.Response.InsertBefore(extensions, m.One("/samlp:Response/samlp:Status"));

        AssertRejected(m);
    }

    [Fact]
    public void Saml_SignatureInStatusDetail_Rejected()
    {
        // Only the assertion is signed, so the Status is unsigned: the position rules alone must refuse this (CVE-2024-45409).
        var m = Signed(AssertionSigned);
        var detail = m.New("samlp", "StatusDetail", "urn:oasis:names:tc:SAML:2.0:protocol");
        detail.AppendChild(m.One("/samlp:Response/saml:Assertion/ds:Signature").CloneNode(deep: true));
        m.One("/samlp:Response/samlp:Status").AppendChild(detail);

        AssertRejected(m);
    }

    [Fact]
    public void Saml_SignatureInAdvice_Rejected()
    {
        // The IdP's signature validly covers the Advice, so only the structure rule refuses it.
        AssertRejected(Resigned(m =>
        {
            var advice = m.New("saml", "Advice", "urn:oasis:names:tc:SAML:2.0:assertion");
            advice.AppendChild(m.One("/samlp:Response/saml:Assertion/ds:Signature").CloneNode(deep: true));
            m.Assertion.InsertBefore(advice, m.One("/samlp:Response/saml:Assertion/saml:AuthnStatement"));
        }));
    }

    [Theory]
    [InlineData("<!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>")]
    [InlineData("<!DOCTYPE samlp:Response SYSTEM \"http://127.0.0.1:1/evil.dtd\">")]
    [InlineData("<!DOCTYPE samlp:Response [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>")]
    [InlineData("<!DOCTYPE samlp:Response>")]
    public void Saml_DtdXxeOrEntityExpansion_Rejected(string doctype)
    {
        var xml = idp.Issue(AssertionSigned);

        AssertRejected(doctype + xml);
    }

    [Fact]
    public void Saml_BillionLaughsEntityInNameId_Rejected()
    {
        var xml = idp.Issue(AssertionSigned with { NameId = "PLACEHOLDER" });
        const string laughs = "<!DOCTYPE samlp:Response [<!ENTITY l0 \"ha\">" +
            "<!ENTITY l1 \"&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;\"><!ENTITY l2 \"&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;\">" +
            "<!ENTITY l3 \"&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;\"><!ENTITY l4 \"&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;\">" +
            "<!ENTITY l5 \"&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;\"><!ENTITY l6 \"&l5;&l5;&l5;&l5;&l5;&l5;&l5;&l5;&l5;&l5;\">" +
            "<!ENTITY l7 \"&l6;&l6;&l6;&l6;&l6;&l6;&l6;&l6;&l6;&l6;\"><!ENTITY l8 \"&l7;&l7;&l7;&l7;&l7;&l7;&l7;&l7;&l7;&l7;\">]>";

        AssertRejected(laughs + xml.Replace("PLACEHOLDER", "&l8;"));
    }

    [Fact]
    public void Saml_ProcessingInstructionInside_Rejected()
    {
        var m = Signed(AssertionSigned);
        m.Response.InsertBefore(m.Document.CreateProcessingInstruction("xml-stylesheet", "href=\"http://127.0.0.1/x\""), m.One("/samlp:Response/samlp:Status"));

        AssertRejected(m);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Saml_KeyInfoWithAttackerCertificate_Rejected(bool signResponse, bool signAssertion)
    {
        // Validly signed, by the attacker's key, whose certificate rides in KeyInfo: only metadata keys count.
        var template = new SamlResponseTemplate { SignResponse = signResponse, SignAssertion = signAssertion, NameId = "admin@example.com" };
        var xml = idp.Issue(template, idp.Attacker);
        Assert.True(idp.XmlSec1Verifies(xml, signAssertion ? AssertionSignature : ResponseSignature, idp.Attacker));

        AssertRejected(xml);
    }

    [Fact]
    public void Saml_KeyInfoWithAttackerSignedAssertionInsideIdpSignedResponse_Rejected()
    {
        // The outer Response is the IdP's; the assertion's own signature is the attacker's. A present but invalid signature rejects.
        var evil = new SamlMutation(idp.Issue(AssertionSigned with { NameId = "admin@example.com" }, idp.Attacker));
        var template = new SamlMutation(idp.Issue(ResponseSigned));
        var imported = template.Document.ImportNode(evil.Assertion, deep: true);
        template.Response.ReplaceChild(imported, template.Assertion);
        var resigned = idp.Sign(template.ToString(), "/*/*[local-name()='Signature']", idp.Signing);
        Assert.True(idp.XmlSec1Verifies(resigned, ResponseSignature, idp.Signing));

        AssertRejected(resigned);
    }

    [Fact]
    public void Saml_SignatureExclusionUnsignedResponse_Rejected()
    {
        var xml = idp.Issue(new SamlResponseTemplate());

        AssertRejected(xml);
    }

    [Theory]
    [InlineData("/samlp:Response/ds:Signature", true, false)]
    [InlineData("/samlp:Response/saml:Assertion/ds:Signature", false, true)]
    public void Saml_SignatureExclusionSignatureRemoved_Rejected(string signature, bool signResponse, bool signAssertion)
    {
        var m = Signed(new SamlResponseTemplate { SignResponse = signResponse, SignAssertion = signAssertion });
        var element = m.One(signature);
        element.ParentNode!.RemoveChild(element);
        SamlMutation.MakeEvil(m.Assertion);

        AssertRejected(m);
    }

    [Fact]
    public void Saml_NoMetadataCertificates_Rejected()
    {
        var result = idp.Validate(idp.Issue(BothSigned), idp.Provider with { SigningCertificates = [] });

        Assert.Equal(Invalid, result.Error?.Message);
    }

    [Fact]
    public void Saml_WrongReferenceUri_Rejected()
    {
        // The assertion's signature is moved under the Response, its reference still naming the assertion (detached).
        var m = Signed(AssertionSigned);
        var signature = m.One("/samlp:Response/saml:Assertion/ds:Signature");
        m.Assertion.RemoveChild(signature);
        m.Response.InsertAfter(signature, m.One("/samlp:Response/saml:Issuer"));

        AssertRejected(m);
    }

    [Fact]
    public void Saml_EmptyReferenceUriWholeDocumentSignature_Rejected()
    {
        // xmlsec1 signs URI="" (the whole document) correctly; SAML Core §5.4.2 requires "#" + the parent's ID.
        var template = ResponseSigned.ToXml().Replace("URI=\"#" + ResponseSigned.ResponseId + "\"", "URI=\"\"", StringComparison.Ordinal);
        var xml = idp.Sign(template, ResponseSignature, idp.Signing);
        Assert.True(idp.XmlSec1Verifies(xml, ResponseSignature, idp.Signing));

        AssertRejected(xml);
    }

    [Fact]
    public void Saml_ReferenceToSiblingIdSignedValidly_Rejected()
    {
        // The Response signature validly covers only the assertion (a child) instead of the Response itself.
        var template = BothSigned with { SignAssertion = false };
        var xml = template.ToXml().Replace("URI=\"#" + template.ResponseId + "\"", "URI=\"#" + template.AssertionId + "\"", StringComparison.Ordinal);
        var signed = idp.Sign(xml, ResponseSignature, idp.Signing);
        Assert.True(idp.XmlSec1Verifies(signed, ResponseSignature, idp.Signing));

        AssertRejected(signed);
    }

    [Fact]
    public void Saml_DuplicateIdOnAnotherElement_Rejected()
    {
        var m = Signed(AssertionSigned);
        m.One("/samlp:Response/samlp:Status").SetAttribute("ID", m.Assertion.GetAttribute("ID"));

        AssertRejected(m);
    }

    [Fact]
    public void Saml_DuplicateIdWithOtherSpelling_Rejected()
    {
        // SignedXml's default resolver prefers "Id" over "ID" (federation.md §1.7): an evil Id="same" copy must not win.
        var m = Signed(AssertionSigned);
        var evil = SamlMutation.UnsignedCopy(m.Assertion, "_evil");
        evil.RemoveAttribute("ID");
        evil.SetAttribute("Id", m.Assertion.GetAttribute("ID"));
        SamlMutation.MakeEvil(evil);
        m.One("/samlp:Response/samlp:Status").AppendChild(evil);

        AssertRejected(m);
    }

    [Fact]
    public void Saml_NamespacedIdAttributePollution_Rejected()
    {
        var m = Signed(ResponseSigned);
        var attribute = m.Document.CreateAttribute("samlp", "ID", "urn:oasis:names:tc:SAML:2.0:protocol");
        attribute.Value = "_polluted";
        m.Response.Attributes.Append(attribute);

        AssertRejected(m);
    }

    [Fact]
    public void Saml_Sha1WhenNotAllowed_Rejected()
    {
        var xml = idp.Issue(AssertionSigned with
        {
            SignatureMethod = "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
            DigestMethod = "http://www.w3.org/2000/09/xmldsig#sha1",
        });
        Assert.True(idp.XmlSec1Verifies(xml, AssertionSignature, idp.Signing));

        AssertRejected(xml);
    }

    [Fact]
    public void Saml_Sha1DigestUnderSha256Signature_Rejected()
    {
        AssertRejected(idp.Issue(AssertionSigned with { DigestMethod = "http://www.w3.org/2000/09/xmldsig#sha1" }));
    }

    [Theory]
    [InlineData("<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/><ds:Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xpath-19991116\"><ds:XPath>not(ancestor-or-self::ds:Signature)</ds:XPath></ds:Transform>")]
    [InlineData("<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/><ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/><ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>")]
    [InlineData("<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/><ds:Transform Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\"/>")]
    public void Saml_TransformOtherThanEnvelopedAndExcC14NSignedValidly_Rejected(string transforms)
    {
        var xml = idp.Issue(AssertionSigned with { Transforms = transforms });
        Assert.True(idp.XmlSec1Verifies(xml, AssertionSignature, idp.Signing));

        AssertRejected(xml);
    }

    [Fact]
    public void Saml_ReferenceWithoutEnvelopedTransform_Rejected()
    {
        AssertRejected(idp.Issue(AssertionSigned with { Transforms = "<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>" }));
    }

    [Fact]
    public void Saml_XsltTransform_Rejected()
    {
        var m = Signed(AssertionSigned);
        var transforms = m.One("/samlp:Response/saml:Assertion/ds:Signature/ds:SignedInfo/ds:Reference/ds:Transforms");
        transforms.InnerXml += "<ds:Transform xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" Algorithm=\"http://www.w3.org/TR/1999/REC-xslt-19991116\">" +
            "<xsl:stylesheet xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" version=\"1.0\"><xsl:template match=\"/\"><xsl:copy-of select=\"document('http://127.0.0.1:1/x')\"/></xsl:template></xsl:stylesheet></ds:Transform>";

        AssertRejected(m);
    }

    [Fact]
    public void Saml_InclusiveC14NCanonicalizationSignedValidly_Rejected()
    {
        var xml = idp.Issue(AssertionSigned with { CanonicalizationMethod = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315" });
        Assert.True(idp.XmlSec1Verifies(xml, AssertionSignature, idp.Signing));

        AssertRejected(xml);
    }

    [Fact]
    public void Saml_TwoReferencesSignedValidly_Rejected()
    {
        var template = AssertionSigned;
        var extra = $"<ds:Reference URI=\"#{template.AssertionId}\"><ds:Transforms><ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/></ds:Transforms>" +
            "<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><ds:DigestValue/></ds:Reference>";

        var xml = idp.Issue(template with { ExtraReferences = extra });
        Assert.True(idp.XmlSec1Verifies(xml, AssertionSignature, idp.Signing));

        AssertRejected(xml);
    }

    [Fact]
    public void Saml_SamlStormCommentInDigestValue_Rejected()
    {
        var m = Signed(AssertionSigned);
        var digest = m.One("/samlp:Response/saml:Assertion/ds:Signature/ds:SignedInfo/ds:Reference/ds:DigestValue");
        digest.InnerXml = digest.InnerText + "<!--AAAA-->";

        AssertRejected(m);
    }

    [Fact]
    public void Saml_TamperedAttributeAfterSigning_Rejected()
    {
        var m = Signed(BothSigned);
        m.One("//saml:Attribute[@Name='https://aws.amazon.com/SAML/Attributes/Role']/saml:AttributeValue").InnerText =
            "arn:aws:iam::111122223333:role/Admin,arn:aws:iam::111122223333:saml-provider/TestIdp";

        AssertRejected(m);
    }

    [Fact]
    public void Saml_TamperedNameIdAfterSigning_Rejected()
    {
        var m = Signed(AssertionSigned);
        SamlMutation.MakeEvil(m.Assertion);

        AssertRejected(m);
    }

    [Fact]
    public void Saml_Expired_ExpiredTokenException()
    {
        var xml = idp.Issue(AssertionSigned);

        var result = idp.Validate(xml, now: SamlResponseTemplate.IssueInstant.AddMinutes(10));

        Assert.Equal("ExpiredTokenException", result.Error?.Code);
        Assert.Equal("Token must be redeemed within 5 minutes of issuance", result.Error?.Message);
    }

    [Fact]
    public void Saml_ExpiredWithinClockSkew_Accepted()
    {
        var result = idp.Validate(idp.Issue(AssertionSigned), now: SamlResponseTemplate.IssueInstant.AddMinutes(9));

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Fact]
    public void Saml_NotYetValid_Rejected()
    {
        var result = idp.Validate(idp.Issue(AssertionSigned), now: SamlResponseTemplate.IssueInstant.AddMinutes(-6));

        Assert.Equal(Invalid, result.Error?.Message);
    }

    [Fact]
    public void Saml_SessionNotOnOrAfterPassed_ExpiredTokenException()
    {
        var m = Signed(AssertionSigned);
        m.One("//saml:AuthnStatement").SetAttribute("SessionNotOnOrAfter", "2026-11-01T12:00:30Z");
        var xml = idp.Sign(m.ToString(), AssertionSignature, idp.Signing);

        Assert.Equal("ExpiredTokenException", idp.Validate(xml).Error?.Code);
    }

    [Fact]
    public void Saml_SubjectConfirmationDataNotBefore_Rejected()
    {
        // SAML Profiles §4.1.4.2: bearer SubjectConfirmationData has no NotBefore.
        AssertRejected(Resigned(m => m.One("//saml:SubjectConfirmationData").SetAttribute("NotBefore", "2026-11-01T11:59:00Z")));
    }

    [Fact]
    public void Saml_TwoSubjectConfirmations_Rejected()
    {
        // AWS: exactly one SubjectConfirmation (id_roles_providers_create_saml_assertions).
        AssertRejected(Resigned(m =>
        {
            var confirmation = m.One("//saml:SubjectConfirmation");
            var second = (XmlElement)confirmation.CloneNode(deep: true);
            ((XmlElement)second.FirstChild!).SetAttribute("Recipient", "https://evil.example/saml");
            confirmation.ParentNode!.AppendChild(second);
        }));
    }

    [Fact]
    public void Saml_SecondAudienceRestrictionWithoutOurAudience_Rejected()
    {
        // SAML Core §2.5.1.4: every AudienceRestriction must be satisfied.
        var xml = Resigned(m =>
        {
            var restriction = m.One("//saml:AudienceRestriction");
            var second = (XmlElement)restriction.CloneNode(deep: true);
            second.FirstChild!.InnerText = "https://other-sp.example/";
            restriction.ParentNode!.AppendChild(second);
        });

        Assert.Equal("Response does not contain the required audience", idp.Validate(xml).Error?.Message);
    }

    [Fact]
    public void Saml_UnknownCondition_Rejected()
    {
        AssertRejected(Resigned(m => m.One("//saml:Conditions").AppendChild(m.New("saml", "Condition", "urn:oasis:names:tc:SAML:2.0:assertion"))));
    }

    [Fact]
    public void Saml_IssuerWithNonEntityFormat_Rejected()
    {
        var xml = Resigned(m => m.One("/samlp:Response/saml:Assertion/saml:Issuer")
            .SetAttribute("Format", "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"));

        Assert.Equal("Issuer not present in specified provider", idp.Validate(xml).Error?.Message);
    }

    [Fact]
    public void Saml_ResponseDestinationElsewhere_Rejected()
    {
        // With only the assertion signed, Destination is not covered by a signature, but it must still be one of ours.
        var m = Signed(AssertionSigned);
        m.Response.SetAttribute("Destination", "https://evil.example/acs");

        AssertRejected(m);
    }

    [Fact]
    public void Saml_IssuedInTheFuture_Rejected()
    {
        var result = idp.Validate(idp.Issue(AssertionSigned), now: SamlResponseTemplate.IssueInstant.AddMinutes(-5.5));

        Assert.Equal(Invalid, result.Error?.Message);
    }

    [Theory]
    [InlineData("https://evil.example/saml")]
    [InlineData("https://signin.aws.amazon.com/saml/")]
    [InlineData("https://evil.example/x.signin.aws.amazon.com/saml")]
    [InlineData("https://signin.aws.amazon.com.evil.example/saml")]
    [InlineData("https://broker.example.test/saml/acs/111122223333/OtherIdp")]
    [InlineData("https://broker.example.test/saml/acs/444455556666/TestIdp")]
    [InlineData("https://broker.example.test/saml/acs/111122223333/TestIdp/")]
    public void Saml_WrongRecipient_Rejected(string recipient)
    {
        AssertRejected(idp.Issue(AssertionSigned with { Recipient = recipient }));
    }

    [Fact]
    public void Saml_HolderOfKeyConfirmation_Rejected()
    {
        AssertRejected(idp.Issue(AssertionSigned with { ConfirmationMethod = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key" }));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("urn:amazon:webservices:evil")]
    [InlineData("")]
    public void Saml_WrongAudience_Rejected(string audience)
    {
        var result = idp.Validate(idp.Issue(AssertionSigned with { Audience = audience }));

        Assert.Equal("InvalidIdentityToken", result.Error?.Code);
        Assert.Equal("Response does not contain the required audience", result.Error?.Message);
    }

    [Fact]
    public void Saml_WrongResponseIssuer_Rejected()
    {
        var result = idp.Validate(idp.Issue(BothSigned with { Issuer = "https://evil.example/metadata" }));

        Assert.Equal("Issuer not present in specified provider", result.Error?.Message);
    }

    [Fact]
    public void Saml_WrongAssertionIssuer_Rejected()
    {
        var result = idp.Validate(idp.Issue(AssertionSigned with { AssertionIssuer = "https://evil.example/metadata" }));

        Assert.Equal("Issuer not present in specified provider", result.Error?.Message);
    }

    [Fact]
    public void Saml_ResponseForAnotherProviderSignedByItsKey_Rejected()
    {
        var other = idp.Provider with { EntityId = "https://other.example/metadata" };

        var result = idp.Validate(idp.Issue(BothSigned), other);

        Assert.Equal("Issuer not present in specified provider", result.Error?.Message);
    }

    [Fact]
    public void Saml_StatusNotSuccess_Rejected()
    {
        AssertRejected(idp.Issue(ResponseSigned with { StatusCode = "urn:oasis:names:tc:SAML:2.0:status:Requester" }));
    }

    [Fact]
    public void Saml_OversizedInput_Rejected()
    {
        var result = SamlResponseValidator.Validate(new string('A', SamlResponseValidator.MaxSamlAssertionLength + 4), idp.Provider, TestIdp.Settings, TestIdp.Now);

        Assert.Equal(Invalid, result.Error?.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("!!!!")]
    [InlineData("PHNhbWxwOlJlc3BvbnNl")]
    [InlineData("PHg+PC94Pg=")]
    [InlineData("PHg+ PC94Pg==")]
    [InlineData("PHg+PC94Pg==PHg+")]
    [InlineData("PHg-PC94Pg==")]
    [InlineData("PHg+PC94Pg==")]
    [InlineData("bm90IHhtbCBhdCBhbGw=")]
    public void Saml_GarbageBase64OrNotAResponse_Rejected(string base64)
    {
        var result = SamlResponseValidator.Validate(base64, idp.Provider, TestIdp.Settings, TestIdp.Now);

        Assert.Equal("InvalidIdentityToken", result.Error?.Code);
        Assert.Equal(Invalid, result.Error?.Message);
    }

    [Fact]
    public void Saml_DeeplyNestedElements_RejectedWithoutStackExhaustion()
    {
        // Status is outside the assertion's signature, so only the depth limit stands between this and the recursive c14n.
        var m = Signed(AssertionSigned);
        var deep = string.Concat(Enumerable.Repeat("<x>", 5_000)) + string.Concat(Enumerable.Repeat("</x>", 5_000));
        var xml = m.ToString().Replace("</samlp:Status>", "<samlp:StatusMessage>" + deep + "</samlp:StatusMessage></samlp:Status>", StringComparison.Ordinal);
        Assert.True(TestIdp.Base64(xml).Length <= SamlResponseValidator.MaxSamlAssertionLength);

        AssertRejected(xml);
    }

    private SamlMutation Signed(SamlResponseTemplate template)
    {
        var xml = idp.Issue(template);
        Assert.True(idp.Validate(xml).IsSuccess, "the unmutated response must be valid");
        return new SamlMutation(xml);
    }

    /// <summary>Edits the assertion of an assertion-signed response, then has xmlsec1 sign it again: validly signed, semantically wrong.</summary>
    private string Resigned(Action<SamlMutation> edit)
    {
        var m = Signed(AssertionSigned);
        edit(m);
        var xml = idp.Sign(m.ToString(), AssertionSignature, idp.Signing);
        Assert.True(idp.XmlSec1Verifies(xml, AssertionSignature, idp.Signing));
        return xml;
    }

    private static SamlResponseTemplate Shape(string shape) => shape == "both" ? BothSigned : AssertionSigned;

    private void AssertRejected(SamlMutation mutation) => AssertRejected(mutation.ToString());

    private void AssertRejected(string xml)
    {
        var result = idp.Validate(xml);

        Assert.False(result.IsSuccess, "the attack was accepted");
        Assert.Equal("InvalidIdentityToken", result.Error!.Code);
        Assert.Equal(Invalid, result.Error.Message);
    }
}
