namespace TokenBroker.Policy.Evaluation;

/// <summary>The kind of caller, read from its ARN.</summary>
public enum PrincipalKind
{
    /// <summary>No principal: an anonymous or unsigned request.</summary>
    Anonymous,

    /// <summary>The account root user, <c>arn:aws:iam::A:root</c>.</summary>
    Root,

    /// <summary>An IAM user, <c>arn:aws:iam::A:user/NAME</c>.</summary>
    User,

    /// <summary>An IAM role itself, <c>arn:aws:iam::A:role/NAME</c>.</summary>
    Role,

    /// <summary>A role session, <c>arn:aws:sts::A:assumed-role/ROLE/SESSION</c>.</summary>
    AssumedRole,

    /// <summary>A GetFederationToken session, <c>arn:aws:sts::A:federated-user/NAME</c>.</summary>
    FederatedUser,

    /// <summary>A service, an identity provider or another non-IAM principal named by an opaque identifier.</summary>
    Other,
}
