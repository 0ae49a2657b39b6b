using System.Xml;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>
/// The SAML providers an unverified response names in its Role attribute, which is how the AWS sign-in page picks the
/// provider whose keys verify a response posted to it. A hint only selects keys: the response is then validated in
/// full against that provider, and only that provider's role pairs are offered.
/// </summary>
public static class SamlProviderHints
{
    /// <summary>The most providers tried for one response (the IAM quota of SAML providers per Role attribute is lower).</summary>
    public const int MaxProviders = 10;

    /// <summary>The distinct provider ARNs of the Role attribute values, in document order; empty when there are none.</summary>
    public static IReadOnlyList<string> Read(string? samlResponseBase64)
    {
        var bytes = SamlBase64.Decode(samlResponseBase64, SamlResponseValidator.MaxSamlAssertionLength);
        var document = bytes is null ? null : SamlXml.Load(bytes, SamlResponseValidator.MaxSamlAssertionLength);
        if (document is null)
        {
            return [];
        }

        var providers = new List<string>();
        foreach (XmlElement attribute in document.GetElementsByTagName("Attribute", SamlNames.Assertion))
        {
            if (!string.Equals(SamlXml.Attribute(attribute, "Name"), SamlNames.RoleAttribute, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (XmlElement value in attribute.GetElementsByTagName("AttributeValue", SamlNames.Assertion))
            {
                var pair = SamlXml.TrimmedText(value) is { } text ? SamlRolePair.Parse(text) : null;
                var arn = pair?.PrincipalArn.ToString();
                if (arn is not null && !providers.Contains(arn, StringComparer.Ordinal))
                {
                    providers.Add(arn);
                    if (providers.Count == MaxProviders)
                    {
                        return providers;
                    }
                }
            }
        }

        return providers;
    }
}
