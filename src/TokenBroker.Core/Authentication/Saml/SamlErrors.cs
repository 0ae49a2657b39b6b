using TokenBroker.Core.Errors;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>
/// The few errors AssumeRoleWithSAML returns, in AWS's wording (reference/sts.md b.5, troubleshoot_saml). Every
/// parse, structure, signature and decryption failure shares one message so no check can be told apart (no oracle).
/// </summary>
internal static class SamlErrors
{
    public static StsError Invalid() => StsErrors.InvalidIdentityToken("Response signature invalid");

    public static StsError IssuerMismatch() => StsErrors.InvalidIdentityToken("Issuer not present in specified provider");

    public static StsError Audience() => StsErrors.InvalidIdentityToken("Response does not contain the required audience");

    public static StsError Expired() => StsErrors.ExpiredToken("Token must be redeemed within 5 minutes of issuance");

    public static StsError LifetimeTooLong() => StsErrors.InvalidIdentityToken("The assertion is valid for more than 24 hours");

    public static StsError MissingNameId() => StsErrors.AccessDenied("Not authorized to perform sts:AssumeRoleWithSAML");

    public static StsError MissingRoleSessionName() => StsErrors.InvalidIdentityToken("RoleSessionName is required in AuthnResponse");

    public static StsError InvalidRoleSessionName() =>
        StsErrors.InvalidIdentityToken("RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}");

    public static StsError InvalidSessionDuration() =>
        StsErrors.InvalidIdentityToken("SessionDuration in AuthnResponse must be an integer between 900 and 43200");

    public static StsError InvalidSourceIdentity() =>
        StsErrors.InvalidIdentityToken("SourceIdentity in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}");

    public static StsError InvalidPrincipalTag() =>
        StsErrors.InvalidIdentityToken("Each PrincipalTag attribute in AuthnResponse must have exactly one value");
}
