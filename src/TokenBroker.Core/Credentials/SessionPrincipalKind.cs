namespace TokenBroker.Core.Credentials;

/// <summary>What kind of principal a temporary session is; the byte value is part of the token format and never reused.</summary>
public enum SessionPrincipalKind : byte
{
    /// <summary>A role session from AssumeRole, AssumeRoleWithSAML or AssumeRoleWithWebIdentity (the latter two carry a federated provider).</summary>
    AssumedRole = 1,

    /// <summary>A federated user from GetFederationToken.</summary>
    FederatedUser = 2,

    /// <summary>An IAM user's session from GetSessionToken.</summary>
    UserSession = 3,
}
