namespace TokenBroker.Core.Errors;

/// <summary>The one catalogue of STS error codes, spelled and numbered as AWS does (reference/sts.md b.1).</summary>
public static class StsErrors
{
    // Modeled STS errors (botocore sts/2011-06-15 service-2.json).
    /// <summary>A session policy or document that is not a valid policy (400).</summary>
    public static StsError MalformedPolicyDocument(string message) => new("MalformedPolicyDocument", 400, message);

    /// <summary>Session policies and tags that do not fit the packed size limit (400).</summary>
    public static StsError PackedPolicyTooLarge(string message) => new("PackedPolicyTooLarge", 400, message);

    /// <summary>An assertion or web identity token that has expired (400, ExpiredTokenException).</summary>
    public static StsError ExpiredToken(string message) => new("ExpiredTokenException", 400, message);

    /// <summary>A claim or attribute the identity provider sent that cannot be used (403, IDPRejectedClaim).</summary>
    public static StsError IdpRejectedClaim(string message) => new("IDPRejectedClaim", 403, message);

    /// <summary>A SAML assertion or web identity token that is not valid (400).</summary>
    public static StsError InvalidIdentityToken(string message) => new("InvalidIdentityToken", 400, message);

    /// <summary>An identity provider that could not be reached or answered wrongly (400, IDPCommunicationError).</summary>
    public static StsError IdpCommunicationError(string message) => new("IDPCommunicationError", 400, message);

    /// <summary>GetWebIdentityToken for an account whose outbound web identity federation is off (403).</summary>
    public static StsError OutboundWebIdentityFederationDisabled() => new("OutboundWebIdentityFederationDisabledException", 403,
        "Outbound web identity federation is disabled for this account.");

    /// <summary>A token asked to outlive the calling session (403).</summary>
    public static StsError SessionDurationEscalation() => new("SessionDurationEscalationException", 403,
        "The requested token duration would extend beyond the expiration of the calling session.");

    /// <summary>An encoded authorization message that is malformed, tampered with, expired or not the caller's (400).</summary>
    public static StsError InvalidAuthorizationMessage(string message) => new("InvalidAuthorizationMessageException", 400, message);

    /// <summary>A web identity token whose payload would exceed the size the broker signs (400).</summary>
    public static StsError JwtPayloadSizeExceeded() => new("JWTPayloadSizeExceededException", 400,
        "The size of the requested token's payload exceeds the maximum allowed size.");

    /// <summary>A data-plane request that no route or declared action of its service covers (404, docs/authorize.md).</summary>
    public static StsError UnknownOperation(string message) => new("UnknownOperationException", 404, message);

    // Errors common to Query services.
    /// <summary>A request the policies do not allow, or a caller kind that cannot call the action (403).</summary>
    public static StsError AccessDenied(string message) => new("AccessDenied", 403, message);

    /// <summary>A parameter that breaks the API model's constraints (400).</summary>
    public static StsError ValidationError(string message) => new("ValidationError", 400, message);

    /// <summary>An Action this endpoint does not serve for the given Version (400).</summary>
    public static StsError InvalidAction(string message) => new("InvalidAction", 400, message);

    /// <summary>A request without an Action (400).</summary>
    public static StsError MissingAction() => new("MissingAction", 400, "Missing Action");

    /// <summary>A request without a parameter the action requires (400).</summary>
    public static StsError MissingParameter(string message) => new("MissingParameter", 400, message);

    /// <summary>A parameter value the action cannot use (400).</summary>
    public static StsError InvalidParameterValue(string message) => new("InvalidParameterValue", 400, message);

    /// <summary>A query string or form body that cannot be decoded (400).</summary>
    public static StsError MalformedQueryString(string message) => new("MalformedQueryString", 400, message);

    /// <summary>A SigV4 signature that lacks a required part (400).</summary>
    public static StsError IncompleteSignature(string message) => new("IncompleteSignature", 400, message);

    /// <summary>A SigV4 signature that does not match the request (403).</summary>
    public static StsError SignatureDoesNotMatch(string message) => new("SignatureDoesNotMatch", 403, message);

    /// <summary>An access key or session token the broker does not know or no longer accepts (403).</summary>
    public static StsError InvalidClientTokenId() => new("InvalidClientTokenId", 403,
        "The security token included in the request is invalid.");

    /// <summary>A signed action called without a signature (403).</summary>
    public static StsError MissingAuthenticationToken() => new("MissingAuthenticationToken", 403,
        "Request is missing Authentication Token");

    /// <summary>A request signed too long ago or too far in the future (400).</summary>
    public static StsError RequestExpired(string message) => new("RequestExpired", 400, message);

    /// <summary>Temporary credentials that signed the request and have expired (403, ExpiredToken).</summary>
    public static StsError ExpiredCallerToken() => new("ExpiredToken", 403,
        "The security token included in the request is expired");

    /// <summary>A request body above the size the broker reads (413).</summary>
    public static StsError RequestEntityTooLarge(string message) => new("RequestEntityTooLarge", 413, message);

    /// <summary>A request refused by a rate limit (400).</summary>
    public static StsError Throttling(string message) => new("Throttling", 400, message);

    /// <summary>A request body that did not arrive in time (408).</summary>
    public static StsError RequestTimeout() => new("RequestTimeout", 408,
        "Your socket connection to the server was not read from or written to within the timeout period.");

    /// <summary>A bug: the broker failed without a known cause (500).</summary>
    public static StsError InternalFailure() => new("InternalFailure", 500,
        "The request processing has failed because of an unknown error, exception or failure.");

    /// <summary>A store, key service or dependency that is unavailable; nothing was issued (503).</summary>
    public static StsError ServiceUnavailable() => new("ServiceUnavailable", 503,
        "The request has failed due to a temporary failure of the server.");
}
