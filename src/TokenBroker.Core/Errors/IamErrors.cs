namespace TokenBroker.Core.Errors;

/// <summary>The IAM codes of the one error catalogue, spelled and numbered as the IAM model does (reference/iam-api.md §2).</summary>
public static class IamErrors
{
    /// <summary>NoSuchEntity (404): the named user, role, group, policy, key or provider does not exist.</summary>
    public static StsError NoSuchEntity(string message) => new("NoSuchEntity", 404, message);

    /// <summary>EntityAlreadyExists (409): a name is taken.</summary>
    public static StsError EntityAlreadyExists(string message) => new("EntityAlreadyExists", 409, message);

    /// <summary>LimitExceeded (409): a quota would be exceeded.</summary>
    public static StsError LimitExceeded(string message) => new("LimitExceeded", 409, message);

    /// <summary>MalformedPolicyDocument (400): a policy document is not valid.</summary>
    public static StsError MalformedPolicyDocument(string message) => new("MalformedPolicyDocument", 400, message);

    /// <summary>InvalidInput (400): a parameter is invalid or out of range.</summary>
    public static StsError InvalidInput(string message) => new("InvalidInput", 400, message);

    /// <summary>DeleteConflict (409): subordinate entities must be removed first.</summary>
    public static StsError DeleteConflict(string message) => new("DeleteConflict", 409, message);

    /// <summary>ConcurrentModification (409): the directory changed while the request was writing it.</summary>
    public static StsError ConcurrentModification() => new("ConcurrentModification", 409,
        "The request was rejected because multiple requests to change this object were submitted simultaneously. Wait a few minutes and submit your request again.");

    /// <summary>EntityTemporarilyUnmodifiable (409): the entity cannot be changed right now.</summary>
    public static StsError EntityTemporarilyUnmodifiable(string message) => new("EntityTemporarilyUnmodifiable", 409, message);

    /// <summary>InvalidAuthenticationCode (403): MFA codes were not accepted.</summary>
    public static StsError InvalidAuthenticationCode(string message) => new("InvalidAuthenticationCode", 403, message);

    /// <summary>FeatureEnabled (409): outbound web identity federation is already enabled.</summary>
    public static StsError FeatureEnabled() => new("FeatureEnabled", 409,
        "Outbound web identity federation is already enabled for this account.");

    /// <summary>FeatureDisabled (404): outbound web identity federation is not enabled.</summary>
    public static StsError FeatureDisabled() => new("FeatureDisabled", 404,
        "Outbound web identity federation is disabled for this account.");

    /// <summary>ReportNotPresent (410): no credential report was generated.</summary>
    public static StsError ReportNotPresent(string message) => new("ReportNotPresent", 410, message);

    /// <summary>ReportExpired (410): the most recent credential report expired.</summary>
    public static StsError ReportExpired(string message) => new("ReportExpired", 410, message);

    /// <summary>ReportInProgress (404): the credential report is still being generated.</summary>
    public static StsError ReportInProgress(string message) => new("ReportInProgress", 404, message);

    /// <summary>PolicyEvaluation (500): the simulator could not evaluate the policies.</summary>
    public static StsError PolicyEvaluation(string message) => new("PolicyEvaluation", 500, message);

    /// <summary>ServiceFailure (500): the request failed for a reason on the broker's side.</summary>
    public static StsError ServiceFailure(string message) => new("ServiceFailure", 500, message);

    /// <summary>
    /// AccessDenied (403) in IAM's wording: "User: CALLER is not authorized to perform: ACTION on resource: RESOURCE
    /// because no identity-based policy allows the ACTION action" (or "with an explicit deny in an identity-based policy").
    /// </summary>
    public static StsError AccessDenied(string callerArn, string action, string resource, bool explicitDeny) =>
        StsErrors.AccessDenied(explicitDeny
            ? $"User: {callerArn} is not authorized to perform: {action} on resource: {resource} with an explicit deny in an identity-based policy"
            : $"User: {callerArn} is not authorized to perform: {action} on resource: {resource} because no identity-based policy allows the {action} action");
}
