namespace TokenBroker.Policy.Evaluation;

/// <summary>
/// The kind of principal, the one list the engine, the broker's callers and its session tokens share; the values of
/// the session kinds are written into session tokens and never change.
/// </summary>
public enum PrincipalKind : byte
{
    /// <summary>No principal: an anonymous or unsigned request.</summary>
    Anonymous = 0,

    /// <summary>A role session, <c>arn:aws:sts::A:assumed-role/ROLE/SESSION</c>.</summary>
    AssumedRole = 1,

    /// <summary>A GetFederationToken session, <c>arn:aws:sts::A:federated-user/NAME</c>.</summary>
    FederatedUser = 2,

    /// <summary>An IAM user's GetSessionToken session; policies evaluate it as its <see cref="User"/>.</summary>
    UserSession = 3,

    /// <summary>The account root user, <c>arn:aws:iam::A:root</c>.</summary>
    Root = 4,

    /// <summary>An IAM user, <c>arn:aws:iam::A:user/NAME</c>.</summary>
    User = 5,

    /// <summary>An IAM role itself, <c>arn:aws:iam::A:role/NAME</c>.</summary>
    Role = 6,

    /// <summary>A service, an identity provider or another non-IAM principal named by an opaque identifier.</summary>
    Other = 7,
}
