namespace TokenBroker.Core.Authentication.Saml;

/// <summary>
/// Builds the saml:* condition keys from verified values only (reference_policies_iam-condition-keys, "Available keys
/// for SAML-based AWS STS federation"): the subject keys plus the eduPerson, eduOrg and X.500 attributes by OID.
/// </summary>
internal static class SamlConditionKeys
{
    // Attribute names (OIDs) AWS maps to saml:* keys: eduPerson (1.3.6.1.4.1.5923.1.1.1.n), eduOrg (…1.2.1.n), X.500 and LDAP.
    private static readonly (string Key, string Oid)[] AttributeKeys =
    [
        ("saml:edupersonaffiliation", "urn:oid:1.3.6.1.4.1.5923.1.1.1.1"),
        ("saml:edupersonnickname", "urn:oid:1.3.6.1.4.1.5923.1.1.1.2"),
        ("saml:edupersonorgdn", "urn:oid:1.3.6.1.4.1.5923.1.1.1.3"),
        ("saml:edupersonorgunitdn", "urn:oid:1.3.6.1.4.1.5923.1.1.1.4"),
        ("saml:edupersonprimaryaffiliation", "urn:oid:1.3.6.1.4.1.5923.1.1.1.5"),
        ("saml:edupersonprincipalname", "urn:oid:1.3.6.1.4.1.5923.1.1.1.6"),
        ("saml:edupersonentitlement", "urn:oid:1.3.6.1.4.1.5923.1.1.1.7"),
        ("saml:edupersonprimaryorgunitdn", "urn:oid:1.3.6.1.4.1.5923.1.1.1.8"),
        ("saml:edupersonscopedaffiliation", "urn:oid:1.3.6.1.4.1.5923.1.1.1.9"),
        ("saml:edupersontargetedid", "urn:oid:1.3.6.1.4.1.5923.1.1.1.10"),
        ("saml:edupersonassurance", "urn:oid:1.3.6.1.4.1.5923.1.1.1.11"),
        ("saml:edupersonorcid", "urn:oid:1.3.6.1.4.1.5923.1.1.1.16"),
        ("saml:eduorghomepageuri", "urn:oid:1.3.6.1.4.1.5923.1.2.1.2"),
        ("saml:eduorgidentityauthnpolicyuri", "urn:oid:1.3.6.1.4.1.5923.1.2.1.3"),
        ("saml:eduorglegalname", "urn:oid:1.3.6.1.4.1.5923.1.2.1.4"),
        ("saml:eduorgsuperioruri", "urn:oid:1.3.6.1.4.1.5923.1.2.1.5"),
        ("saml:eduorgwhitepagesuri", "urn:oid:1.3.6.1.4.1.5923.1.2.1.6"),
        ("saml:cn", "urn:oid:2.5.4.3"),
        ("saml:commonName", "urn:oid:2.5.4.3"),
        ("saml:surname", "urn:oid:2.5.4.4"),
        ("saml:name", "urn:oid:2.5.4.41"),
        ("saml:givenName", "urn:oid:2.5.4.42"),
        ("saml:x500UniqueIdentifier", "urn:oid:2.5.4.45"),
        ("saml:uid", "urn:oid:0.9.2342.19200300.100.1.1"),
        ("saml:mail", "urn:oid:0.9.2342.19200300.100.1.3"),
        ("saml:organizationStatus", "urn:oid:0.9.2342.19200300.100.1.45"),
        ("saml:primaryGroupSID", "urn:oid:1.2.840.113556.1.4.98"),
    ];

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Build(ValidatedSamlResponse response)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["saml:aud"] = [response.Recipient],
            ["saml:iss"] = [response.Issuer],
            ["saml:sub"] = [response.Subject],
            ["saml:sub_type"] = [response.SubjectType],
            ["saml:namequalifier"] = [response.NameQualifier],
            ["saml:doc"] = [response.Doc],
        };
        foreach (var (key, oid) in AttributeKeys)
        {
            if (response.Attributes.TryGetValue(oid, out var values))
            {
                keys[key] = values;
            }
        }

        return keys;
    }
}
