using System.Globalization;
using System.Xml;
using TokenBroker.Core.Operations;

namespace TokenBroker.Host.Query;

/// <summary>Writes AssumeRoleWithSAMLResult in the member order of AWS's sample response (API reference, AssumeRoleWithSAML).</summary>
internal static class AssumeRoleWithSamlXml
{
    /// <summary>Issuer, AssumedRoleUser, Credentials, Audience, SubjectType, PackedPolicySize, NameQualifier, SourceIdentity, Subject, token size.</summary>
    public static void Write(XmlWriter xml, AssumeRoleWithSamlResult result)
    {
        var response = result.Response;
        xml.Element("Issuer", response.Issuer);
        xml.WriteStartElement("AssumedRoleUser", StsXml.Namespace);
        xml.Element("Arn", result.AssumedRoleArn);
        xml.Element("AssumedRoleId", result.AssumedRoleId);
        xml.WriteEndElement();
        StsOperations.WriteCredentials(xml, result.Issued.Credentials);

        // AWS returns the SubjectConfirmationData Recipient as Audience (reference/sts.md b.5 item 3).
        xml.Element("Audience", response.Recipient);
        xml.Element("SubjectType", response.SubjectType);
        xml.Element("PackedPolicySize", result.Issued.PackedPolicySize.ToString(CultureInfo.InvariantCulture));
        xml.Element("NameQualifier", response.NameQualifier);
        xml.Optional("SourceIdentity", response.SourceIdentity);
        xml.Element("Subject", response.Subject);
        StsOperations.WriteTokenSize(xml, result.Issued);
    }
}
