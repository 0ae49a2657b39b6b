using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Authentication;

/// <summary>The authenticated principal behind a signed request.</summary>
/// <param name="Kind">Long-term user, or the kind of session.</param>
/// <param name="Account">The caller's account.</param>
/// <param name="Arn">The caller's ARN as GetCallerIdentity reports it.</param>
/// <param name="UserId">The caller's UserId as GetCallerIdentity reports it.</param>
/// <param name="AccessKeyId">The access key that signed the request.</param>
/// <param name="User">The IAM user behind a long-term key or a GetSessionToken session, else null.</param>
/// <param name="Session">The verified session claims for temporary credentials, else null.</param>
/// <param name="Region">The region the request was signed for (aws:RequestedRegion).</param>
public sealed record Caller(
    PrincipalKind Kind,
    AccountId Account,
    Arn Arn,
    string UserId,
    AccessKeyId AccessKeyId,
    IamUser? User,
    SessionClaims? Session,
    string Region)
{
    /// <summary>A caller signing with an IAM user's long-term access key.</summary>
    public static Caller LongTerm(IamUser user, AccessKeyId accessKeyId, string region)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(PrincipalKind.User, user.Account, user.Arn, user.UserId, accessKeyId, user, null, region);
    }

    /// <summary>A caller signing with temporary credentials; <paramref name="user"/> is the IAM user of a GetSessionToken session.</summary>
    public static Caller Temporary(SessionClaims claims, IamUser? user, string region)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var kind = claims.Kind switch
        {
            SessionPrincipalKind.AssumedRole => PrincipalKind.AssumedRole,
            SessionPrincipalKind.FederatedUser => PrincipalKind.FederatedUser,
            _ => PrincipalKind.UserSession,
        };
        return new(kind, claims.Account, claims.PrincipalArn, claims.UserId, claims.AccessKeyId, user, claims, region);
    }
}
