namespace TokenBroker.Core.Authentication;

/// <summary>What kind of principal signed a request.</summary>
public enum PrincipalKind
{
    /// <summary>An IAM user with a long-term access key.</summary>
    User,

    /// <summary>An IAM user's GetSessionToken session.</summary>
    UserSession,

    /// <summary>A role session (AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity).</summary>
    AssumedRole,

    /// <summary>A GetFederationToken session.</summary>
    FederatedUser,
}
