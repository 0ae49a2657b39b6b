namespace TokenBroker.Core.Errors;

/// <summary>The one catalogue of STS error codes, spelled and numbered as AWS does (reference/sts.md b.1).</summary>
public static class StsErrors
{
    // Modeled STS errors (botocore sts/2011-06-15 service-2.json).
    public static StsError MalformedPolicyDocument(string message) => new("MalformedPolicyDocument", 400, message);
    public static StsError PackedPolicyTooLarge(string message) => new("PackedPolicyTooLarge", 400, message);
    public static StsError ExpiredToken(string message) => new("ExpiredTokenException", 400, message);
    public static StsError IdpRejectedClaim(string message) => new("IDPRejectedClaim", 403, message);
    public static StsError InvalidIdentityToken(string message) => new("InvalidIdentityToken", 400, message);
    public static StsError IdpCommunicationError(string message) => new("IDPCommunicationError", 400, message);
    public static StsError OutboundWebIdentityFederationDisabled() => new("OutboundWebIdentityFederationDisabledException", 403,
        "Outbound web identity federation is disabled for this account.");
    public static StsError SessionDurationEscalation() => new("SessionDurationEscalationException", 403,
        "The requested token duration would extend beyond the expiration of the calling session.");
    public static StsError InvalidAuthorizationMessage(string message) => new("InvalidAuthorizationMessageException", 400, message);
    public static StsError JwtPayloadSizeExceeded() => new("JWTPayloadSizeExceededException", 400,
        "The size of the requested token's payload exceeds the maximum allowed size.");

    // The data plane (docs/authorize.md): a request that no route or declared action of its service covers.
    public static StsError UnknownOperation(string message) => new("UnknownOperationException", 404, message);

    // Errors common to Query services.
    public static StsError AccessDenied(string message) => new("AccessDenied", 403, message);
    public static StsError ValidationError(string message) => new("ValidationError", 400, message);
    public static StsError InvalidAction(string message) => new("InvalidAction", 400, message);
    public static StsError MissingAction() => new("MissingAction", 400, "Missing Action");
    public static StsError MissingParameter(string message) => new("MissingParameter", 400, message);
    public static StsError InvalidParameterValue(string message) => new("InvalidParameterValue", 400, message);
    public static StsError MalformedQueryString(string message) => new("MalformedQueryString", 400, message);
    public static StsError IncompleteSignature(string message) => new("IncompleteSignature", 400, message);
    public static StsError SignatureDoesNotMatch(string message) => new("SignatureDoesNotMatch", 403, message);
    public static StsError InvalidClientTokenId() => new("InvalidClientTokenId", 403,
        "The security token included in the request is invalid.");
    public static StsError MissingAuthenticationToken() => new("MissingAuthenticationToken", 403,
        "Request is missing Authentication Token");
    public static StsError RequestExpired(string message) => new("RequestExpired", 400, message);
    public static StsError ExpiredCallerToken() => new("ExpiredToken", 403,
        "The security token included in the request is expired");
    public static StsError RequestEntityTooLarge(string message) => new("RequestEntityTooLarge", 413, message);
    public static StsError Throttling(string message) => new("Throttling", 400, message);
    public static StsError RequestTimeout() => new("RequestTimeout", 408,
        "Your socket connection to the server was not read from or written to within the timeout period.");
    public static StsError InternalFailure() => new("InternalFailure", 500,
        "The request processing has failed because of an unknown error, exception or failure.");
    public static StsError ServiceUnavailable() => new("ServiceUnavailable", 503,
        "The request has failed due to a temporary failure of the server.");
}
