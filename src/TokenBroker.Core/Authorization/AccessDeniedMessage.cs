namespace TokenBroker.Core.Authorization;

/// <summary>AWS's AccessDenied wording for an action the caller may not perform.</summary>
public static class AccessDeniedMessage
{
    /// <summary>"User: CALLER is not authorized to perform: ACTION on resource: RESOURCE".</summary>
    public static string NotAuthorized(string callerArn, string action, string resource) =>
        $"User: {callerArn} is not authorized to perform: {action} on resource: {resource}";
}
