namespace TokenBroker.Core.AccessAdvisor;

/// <summary>The kind of IAM resource an access advisor report is generated for.</summary>
public enum AdvisedEntityType
{
    /// <summary>An IAM user: its own attempts.</summary>
    User,

    /// <summary>An IAM group: its members' attempts.</summary>
    Group,

    /// <summary>An IAM role: its sessions' attempts.</summary>
    Role,

    /// <summary>A customer managed policy: the attempts of the users and roles it applies to.</summary>
    Policy,
}
