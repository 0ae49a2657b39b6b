namespace TokenBroker.Core.Revocation;

/// <summary>What a revocation cutoff applies to (ARCHITECTURE.md §4).</summary>
public enum RevocationScope
{
    /// <summary>Every session of a role, by role ARN (AWS's "revoke older sessions").</summary>
    Role,

    /// <summary>One session, by its AccessKeyId.</summary>
    Session,

    /// <summary>Every session carrying this SourceIdentity.</summary>
    SourceIdentity,

    /// <summary>An IAM user's GetSessionToken and GetFederationToken sessions (user ARN), or one session ARN.</summary>
    Principal,

    /// <summary>Every session of a federated subject: provider and SAML NameID or OIDC sub.</summary>
    ProviderSubject,

    /// <summary>Every session whose token was signed by this signing key.</summary>
    SigningKey,
}
