namespace TokenBroker.Policy;

/// <summary>The kind of policy a document is validated and evaluated as.</summary>
public enum PolicyKind
{
    /// <summary>An identity-based policy attached to a user, group or role.</summary>
    Identity,

    /// <summary>A role trust policy (the role's resource-based policy for sts:AssumeRole*).</summary>
    Trust,

    /// <summary>A resource-based policy such as a bucket or queue policy.</summary>
    Resource,

    /// <summary>A session policy passed to AssumeRole* or GetFederationToken.</summary>
    Session,

    /// <summary>A permissions boundary attached to a user or role.</summary>
    PermissionsBoundary,
}
