using System.Security.Cryptography;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>
/// Verifies one enveloped SAML signature: its shape first (SAML Core §5.4: one same-document reference to the parent,
/// exclusive c14n, enveloped + exc-c14n transforms, allow-listed algorithms, no ds:Object), then the cryptography with
/// the provider's metadata keys only, never a key from KeyInfo (federation.md §2.4 steps 7–8).
/// </summary>
internal static class SamlSignatureVerifier
{
    private static readonly string[] StrongSignatureMethods = [SamlNames.RsaSha256, SamlNames.RsaSha384, SamlNames.RsaSha512];
    private static readonly string[] StrongDigestMethods = [SamlNames.Sha256, SamlNames.Sha384, SamlNames.Sha512];

    /// <summary>True when the signature is well-formed for SAML and verifies under one of the keys.</summary>
    public static bool Verify(XmlElement signature, XmlElement parent, IReadOnlyList<AsymmetricAlgorithm> keys, bool allowSha1)
    {
        var parentId = SamlXml.Attribute(parent, "ID");
        if (string.IsNullOrEmpty(parentId) || !HasSamlShape(signature, parentId, allowSha1))
        {
            return false;
        }

        try
        {
            var signedXml = new StrictSignedXml(parent, parentId);
            signedXml.LoadXml(signature);
            foreach (var key in keys)
            {
                // The key argument makes SignedXml ignore KeyInfo entirely; an attacker's certificate there is inert.
                if (signedXml.CheckSignature(key))
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is CryptographicException or FormatException or XmlException)
        {
            // SignedXml.LoadXml decodes SignatureValue and KeyInfo certificates itself: malformed base64 there throws.
            return false;
        }

        return false;
    }

    private static bool HasSamlShape(XmlElement signature, string parentId, bool allowSha1)
    {
        // Signature: SignedInfo, SignatureValue, KeyInfo? and nothing else; ds:Object is where XSW6/XSW8 hide copies.
        var children = SamlXml.Children(signature);
        if (children is null || children.Count is < 2 or > 3
            || !SamlXml.Is(children[0], SamlNames.DSig, "SignedInfo")
            || !SamlXml.Is(children[1], SamlNames.DSig, "SignatureValue")
            || SamlXml.Text(children[1]) is null
            || (children.Count == 3 && !SamlXml.Is(children[2], SamlNames.DSig, "KeyInfo")))
        {
            return false;
        }

        var signedInfo = SamlXml.Children(children[0]);
        return signedInfo is { Count: 3 }
            && SamlXml.Is(signedInfo[0], SamlNames.DSig, "CanonicalizationMethod")
            && IsExclusiveC14N(signedInfo[0])
            && SamlXml.Is(signedInfo[1], SamlNames.DSig, "SignatureMethod")
            && SamlXml.Children(signedInfo[1]) is { Count: 0 }
            && IsAllowed(SamlXml.Attribute(signedInfo[1], "Algorithm"), StrongSignatureMethods, SamlNames.RsaSha1, allowSha1)
            && SamlXml.Is(signedInfo[2], SamlNames.DSig, "Reference")
            && HasSamlReference(signedInfo[2], parentId, allowSha1);
    }

    private static bool HasSamlReference(XmlElement reference, string parentId, bool allowSha1)
    {
        // SAML Core §5.4.2: a single reference whose URI is "#" + the ID of the element being signed.
        if (!string.Equals(SamlXml.Attribute(reference, "URI"), "#" + parentId, StringComparison.Ordinal))
        {
            return false;
        }

        var children = SamlXml.Children(reference);
        return children is { Count: 3 }
            && SamlXml.Is(children[0], SamlNames.DSig, "Transforms")
            && HasSamlTransforms(children[0])
            && SamlXml.Is(children[1], SamlNames.DSig, "DigestMethod")
            && SamlXml.Children(children[1]) is { Count: 0 }
            && IsAllowed(SamlXml.Attribute(children[1], "Algorithm"), StrongDigestMethods, SamlNames.Sha1, allowSha1)
            && SamlXml.Is(children[2], SamlNames.DSig, "DigestValue")
            && SamlXml.Text(children[2]) is not null;
    }

    private static bool HasSamlTransforms(XmlElement transforms)
    {
        // SAML Core §5.4.4: enveloped-signature and exclusive c14n only; XPath, XSLT, base64 and decrypt are refused.
        var children = SamlXml.Children(transforms);
        if (children is null || children.Count is < 1 or > 2)
        {
            return false;
        }

        var enveloped = 0;
        var c14n = 0;
        foreach (var transform in children)
        {
            if (!SamlXml.Is(transform, SamlNames.DSig, "Transform"))
            {
                return false;
            }

            if (string.Equals(SamlXml.Attribute(transform, "Algorithm"), SamlNames.EnvelopedSignature, StringComparison.Ordinal)
                && SamlXml.Children(transform) is { Count: 0 })
            {
                enveloped++;
            }
            else if (IsExclusiveC14N(transform))
            {
                c14n++;
            }
            else
            {
                return false;
            }
        }

        return enveloped == 1 && c14n <= 1;
    }

    private static bool IsExclusiveC14N(XmlElement method)
    {
        var algorithm = SamlXml.Attribute(method, "Algorithm");
        if (!string.Equals(algorithm, SamlNames.ExcC14N, StringComparison.Ordinal)
            && !string.Equals(algorithm, SamlNames.ExcC14NWithComments, StringComparison.Ordinal))
        {
            return false;
        }

        // The only child exclusive c14n defines is InclusiveNamespaces with its PrefixList.
        var children = SamlXml.Children(method);
        return children is not null
            && (children.Count == 0 || (children.Count == 1 && SamlXml.Is(children[0], SamlNames.ExcC14N, "InclusiveNamespaces")));
    }

    private static bool IsAllowed(string? algorithm, string[] strong, string sha1, bool allowSha1) =>
        algorithm is not null
        && (Array.Exists(strong, a => string.Equals(a, algorithm, StringComparison.Ordinal))
            || (allowSha1 && string.Equals(algorithm, sha1, StringComparison.Ordinal)));
}
