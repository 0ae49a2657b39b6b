namespace TokenBroker.Core.Authentication.Saml;

/// <summary>Namespace URIs, attribute names and algorithm identifiers used by SAML 2.0, XMLDSig and XML Encryption.</summary>
internal static class SamlNames
{
    public const string Protocol = "urn:oasis:names:tc:SAML:2.0:protocol";
    public const string Assertion = "urn:oasis:names:tc:SAML:2.0:assertion";
    public const string Metadata = "urn:oasis:names:tc:SAML:2.0:metadata";
    public const string DSig = "http://www.w3.org/2000/09/xmldsig#";
    public const string XmlEnc = "http://www.w3.org/2001/04/xmlenc#";
    public const string XmlEnc11 = "http://www.w3.org/2009/xmlenc11#";
    public const string ExcC14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
    public const string ExcC14NWithComments = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
    public const string EnvelopedSignature = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

    public const string StatusSuccess = "urn:oasis:names:tc:SAML:2.0:status:Success";
    public const string BearerMethod = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
    public const string EntityFormat = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity";
    public const string PersistentFormat = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
    public const string TransientFormat = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient";

    /// <summary>AWS's attribute namespace (id_roles_providers_create_saml_assertions).</summary>
    public const string AwsAttributePrefix = "https://aws.amazon.com/SAML/Attributes/";
    public const string RoleAttribute = AwsAttributePrefix + "Role";
    public const string RoleSessionNameAttribute = AwsAttributePrefix + "RoleSessionName";
    public const string SessionDurationAttribute = AwsAttributePrefix + "SessionDuration";
    public const string SourceIdentityAttribute = AwsAttributePrefix + "SourceIdentity";
    public const string PrincipalTagAttributePrefix = AwsAttributePrefix + "PrincipalTag:";
    public const string TransitiveTagKeysAttribute = AwsAttributePrefix + "TransitiveTagKeys";

    public const string RsaSha1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
    public const string RsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    public const string RsaSha384 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384";
    public const string RsaSha512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512";
    public const string Sha1 = "http://www.w3.org/2000/09/xmldsig#sha1";
    public const string Sha256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    public const string Sha384 = "http://www.w3.org/2001/04/xmldsig-more#sha384";
    public const string Sha512 = "http://www.w3.org/2001/04/xmlenc#sha512";

    public const string RsaOaepMgf1P = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p";
    public const string RsaOaep = "http://www.w3.org/2009/xmlenc11#rsa-oaep";
    public const string Mgf1Sha1 = "http://www.w3.org/2009/xmlenc11#mgf1sha1";
    public const string Aes128Gcm = "http://www.w3.org/2009/xmlenc11#aes128-gcm";
    public const string Aes256Gcm = "http://www.w3.org/2009/xmlenc11#aes256-gcm";
    public const string Aes128Cbc = "http://www.w3.org/2001/04/xmlenc#aes128-cbc";
    public const string Aes256Cbc = "http://www.w3.org/2001/04/xmlenc#aes256-cbc";
}
