using TokenBroker.Core.Errors;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Core.Operations;

/// <summary>A GetCallerIdentity request, which has no members: the signature is the whole question.</summary>
public sealed record GetCallerIdentityRequest
{
    /// <summary>The one request there is.</summary>
    public static GetCallerIdentityRequest Instance { get; } = new();

    /// <summary>Ignores the parameters, as AWS does for members an action does not have.</summary>
    public static StsResult<GetCallerIdentityRequest> Bind(QueryParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Instance;
    }
}
