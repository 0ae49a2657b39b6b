using System.Runtime.CompilerServices;
using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;
using TokenBroker.Policy.Evaluation;
using PrincipalKind = TokenBroker.Policy.Evaluation.PrincipalKind;

namespace TokenBroker.Core.Authentication;

/// <summary>
/// The authenticated principal behind a signed request; only <see cref="CallerAuthenticator"/> makes these, from a
/// verified signature, so holding a caller proves the request was authenticated.
/// </summary>
public sealed class Caller
{
    private static readonly ConditionalWeakTable<object, Principal> Principals = new();

    private Caller(PrincipalKind kind, AccountId account, Arn arn, string userId, IamUser? user, SessionClaims? session, VerifiedSigV4Request signature)
    {
        Kind = kind;
        Account = account;
        Arn = arn;
        UserId = userId;
        User = user;
        Session = session;
        Signature = signature;
        Principal = MemoizedPrincipal(kind, account, arn, user, session);
    }

    /// <summary>Long-term user, or the kind of session.</summary>
    public PrincipalKind Kind { get; }

    /// <summary>The caller's account.</summary>
    public AccountId Account { get; }

    /// <summary>The caller's ARN as GetCallerIdentity reports it.</summary>
    public Arn Arn { get; }

    /// <summary>The caller's UserId as GetCallerIdentity reports it.</summary>
    public string UserId { get; }

    /// <summary>The IAM user behind a long-term key or a GetSessionToken session, else null.</summary>
    public IamUser? User { get; }

    /// <summary>The verified session claims for temporary credentials, else null.</summary>
    public SessionClaims? Session { get; }

    /// <summary>The signature that proved the request: its access key, credential scope and signing time.</summary>
    public VerifiedSigV4Request Signature { get; }

    /// <summary>
    /// The caller as the policy engine sees it, built once: a GetSessionToken session is evaluated as its IAM user, a
    /// role session names its role with the role's path.
    /// </summary>
    public Principal Principal { get; }

    /// <summary>The access key that signed the request.</summary>
    public AccessKeyId AccessKeyId => Signature.Claims.AccessKeyId;

    /// <summary>The region the request was signed for (aws:RequestedRegion).</summary>
    public string Region => Signature.Claims.Region;

    /// <summary>A caller signing with an IAM user's long-term access key.</summary>
    internal static Caller LongTerm(IamUser user, VerifiedSigV4Request signature) =>
        new(PrincipalKind.User, user.Account, user.Arn, user.UserId, user, null, signature);

    /// <summary>A caller signing with temporary credentials; <paramref name="user"/> is the IAM user of a GetSessionToken session.</summary>
    internal static Caller Temporary(SessionClaims claims, IamUser? user, VerifiedSigV4Request signature)
    {
        return new(claims.Kind, claims.Account, claims.PrincipalArn, claims.UserId, user, claims, signature);
    }

    /// <summary>
    /// The principal depends only on the user record (users and GetSessionToken sessions) or the verified session claims
    /// (role sessions, federated users), and both are the same objects for every request of a warm credential in one
    /// directory version, so it is built once per such object rather than once per request.
    /// </summary>
    private static Principal MemoizedPrincipal(PrincipalKind kind, AccountId account, Arn arn, IamUser? user, SessionClaims? session)
    {
        object? key = user is not null && kind is PrincipalKind.User or PrincipalKind.UserSession ? user : session;
        if (key is null)
        {
            return PrincipalOf(kind, account, arn, user, session);
        }

        if (!Principals.TryGetValue(key, out var principal))
        {
            principal = PrincipalOf(kind, account, arn, user, session);
            Principals.AddOrUpdate(key, principal);
        }

        return principal;
    }

    private static Principal PrincipalOf(PrincipalKind kind, AccountId account, Arn arn, IamUser? user, SessionClaims? session)
    {
        if (user is not null && kind is PrincipalKind.User or PrincipalKind.UserSession)
        {
            return Principal.User(user.Account.Value, user.Path, user.UserName);
        }

        if (session is { Kind: PrincipalKind.AssumedRole, SessionName: { } sessionName } && session.IssuerArn.TryGetPathAndName(out var path, out var roleName))
        {
            return Principal.AssumedRole(account.Value, path, roleName, sessionName);
        }

        // A session whose ARN does not split as expected keeps the typed parse of its ARN and its recorded issuer.
        return Principal.Parse(arn.ToString()).WithIssuer(session?.IssuerArn.ToString());
    }
}
