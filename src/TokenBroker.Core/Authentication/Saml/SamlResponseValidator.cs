using System.Xml;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>
/// Validates a base64 SAMLResponse for AssumeRoleWithSAML in the order of federation.md §2.4: envelope and one safe
/// parse, strict structure and ID hygiene, issuer, signatures with metadata keys only, coverage of the consumed
/// assertion, decryption, then assertion semantics. Replay protection is the caller's, keyed on
/// <see cref="ValidatedSamlResponse.ReplayKey"/> until <see cref="ValidatedSamlResponse.NotOnOrAfter"/> plus the skew.
/// </summary>
public static class SamlResponseValidator
{
    /// <summary>AWS's limit on the SAMLAssertion parameter (reference/sts.md b.5).</summary>
    public const int MaxSamlAssertionLength = 100_000;

    /// <summary>
    /// Validates a response; an EncryptedAssertion is decrypted with the provider's private keys, and a plain assertion
    /// is refused when the provider's AssertionEncryptionMode is Required.
    /// </summary>
    public static StsResult<ValidatedSamlResponse> Validate(
        string samlResponseBase64, SamlProvider provider, SamlValidationSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(settings);
        settings = settings with { Provider = provider };

        // A. Envelope: strict base64 within AWS's limit, then the one parse.
        var bytes = SamlBase64.Decode(samlResponseBase64, MaxSamlAssertionLength);
        var document = bytes is null ? null : SamlXml.Load(bytes, MaxSamlAssertionLength);
        if (document?.DocumentElement is not { } root)
        {
            return SamlErrors.Invalid();
        }

        var scan = new SamlDocumentScan();
        var parts = scan.Add(document, 0) ? SamlResponseParts.Read(root) : null;
        if (parts is null || !IsOnlyAssertion(scan, parts.AssertionOrEncrypted) || !parts.IsSuccess() || !IsOurDestination(root, settings))
        {
            return SamlErrors.Invalid();
        }

        if (parts.Issuer is not null && !IsProviderIssuer(parts.Issuer, provider))
        {
            return SamlErrors.IssuerMismatch();
        }

        return ValidateSigned(parts, scan, provider, settings, now);
    }

    private static StsResult<ValidatedSamlResponse> ValidateSigned(
        SamlResponseParts parts, SamlDocumentScan scan, SamlProvider provider, SamlValidationSettings settings, DateTimeOffset now)
    {
        // B. The Response signature is checked before any decryption.
        using var providerKeys = SamlProviderKeys.For(provider);
        var keys = providerKeys.Keys;
        var responseSigned = parts.Signature is not null;
        if (responseSigned && !SamlSignatureVerifier.Verify(parts.Signature!, parts.Response, keys, provider.AllowSha1))
        {
            return SamlErrors.Invalid();
        }

        // C. Decryption, then the assertion is held to the same structure and ID rules as a plain one.
        var assertion = parts.AssertionOrEncrypted;
        var encrypted = SamlXml.Is(assertion, SamlNames.Assertion, "EncryptedAssertion");
        if (!encrypted && provider.AssertionEncryptionMode == AssertionEncryptionMode.Required)
        {
            // IAM AssertionEncryptionMode Required: a plain assertion is refused, with the message every other failure gets.
            return SamlErrors.Invalid();
        }

        if (encrypted)
        {
            assertion = SamlAssertionDecryptor.Decrypt(assertion, provider.PrivateKeyList, allowCbc: responseSigned);
            if (assertion is null || !scan.Add(assertion, 1) || scan.Assertions.Count(a => SamlXml.Is(a, SamlNames.Assertion, "Assertion")) != 1)
            {
                return SamlErrors.Invalid();
            }
        }

        var assertionParts = SamlAssertionParts.Read(assertion);
        if (assertionParts is null || !AreSignaturesWhereAllowed(scan, parts, assertionParts))
        {
            return SamlErrors.Invalid();
        }

        if (!IsProviderIssuer(assertionParts.Issuer, provider))
        {
            return SamlErrors.IssuerMismatch();
        }

        var assertionSigned = assertionParts.Signature is not null;
        if (assertionSigned && !SamlSignatureVerifier.Verify(assertionParts.Signature!, assertion, keys, provider.AllowSha1))
        {
            return SamlErrors.Invalid();
        }

        // Coverage (step 9): the consumed assertion is signed itself or is a child of the verified Response.
        if (!assertionSigned && !responseSigned)
        {
            return SamlErrors.Invalid();
        }

        // D–E. Every value is read from the verified assertion element.
        var values = SamlAssertionReader.Read(assertionParts, provider.EntityId, settings, now);
        return values.IsSuccess ? new ValidatedSamlResponse(provider, values.Value) : values.Error;
    }

    // Exactly one Assertion or EncryptedAssertion in the whole document, and it is the Response's child (XSW3, XSW4, XSW7).
    private static bool IsOnlyAssertion(SamlDocumentScan scan, XmlElement assertion) =>
        scan.Assertions.Count == 1 && ReferenceEquals(scan.Assertions[0], assertion);

    // Signatures only as the Response's or the consumed Assertion's own child (no Extensions, StatusDetail, Advice, Object).
    private static bool AreSignaturesWhereAllowed(SamlDocumentScan scan, SamlResponseParts response, SamlAssertionParts assertion) =>
        scan.Signatures.TrueForAll(s => ReferenceEquals(s, response.Signature) || ReferenceEquals(s, assertion.Signature));

    private static bool IsOurDestination(XmlElement response, SamlValidationSettings settings) =>
        SamlXml.Attribute(response, "Destination") is not { } destination || settings.IsAllowedRecipient(destination);

    // SAML Core §2.2.5: the Issuer Format is absent or entity; the value must be the metadata entityID (CVE-2023-41890).
    private static bool IsProviderIssuer(XmlElement issuer, SamlProvider provider)
    {
        var format = SamlXml.Attribute(issuer, "Format");
        return (format is null || string.Equals(format, SamlNames.EntityFormat, StringComparison.Ordinal))
            && string.Equals(SamlXml.TrimmedText(issuer), provider.EntityId, StringComparison.Ordinal);
    }
}
