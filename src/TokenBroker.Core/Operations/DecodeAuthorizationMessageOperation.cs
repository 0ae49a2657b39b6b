using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Core.Operations;

/// <summary>
/// DecodeAuthorizationMessage: the decoded JSON of an encoded authorization failure message. Checks in order:
/// EncodedMessage (1 to 10,240 characters), the caller's sts:DecodeAuthorizationMessage permission, then the message
/// itself (InvalidAuthorizationMessageException when it is malformed, tampered with, expired or of another account).
/// </summary>
public sealed class DecodeAuthorizationMessageOperation(PolicyResolver policies, AuthorizationMessageCodec codec, TimeProvider timeProvider)
{
    private const string Action = "sts:DecodeAuthorizationMessage";

    /// <summary>The decoded message, or the error AWS gives.</summary>
    public async Task<StsResult<string>> ExecuteAsync(
        Caller caller, DirectoryView directory, DecodeAuthorizationMessageRequest request, CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(request);
        if (!IsAllowed(caller, directory, call))
        {
            return StsErrors.AccessDenied(AccessDeniedMessage.NotAuthorized(caller.Arn.ToString(), Action, "*"));
        }

        var decoded = await codec.DecodeAsync(request.EncodedMessage, caller.Account.Value, cancellationToken);
        return decoded is null
            ? StsErrors.InvalidAuthorizationMessage("The encoded authorization message is invalid or has expired.")
            : decoded;
    }

    // GetFederationToken and GetSessionToken sessions cannot call this action (id_credentials_temp_request table).
    private bool IsAllowed(Caller caller, DirectoryView directory, CallContext call)
    {
        if (caller.Kind is PrincipalKind.FederatedUser or PrincipalKind.UserSession || policies.ForCaller(directory, caller) is not { } callerPolicies)
        {
            return false;
        }

        var context = ConditionKeys.ForCaller(caller, callerPolicies, call, timeProvider.GetUtcNow());
        var set = new PolicySet(callerPolicies.Identity, null, callerPolicies.PermissionsBoundary, callerPolicies.Session);
        return PolicyEvaluator.Evaluate(new AuthorizationRequest(caller.Arn.ToString(), Action, "*", context), set).IsAllowed;
    }
}
