namespace TokenBroker.Core.Iam;

/// <summary>The kinds of IAM identity that hold policies; the name is the one IAM puts in its action names (GetUserPolicy, …).</summary>
public enum IamEntityKind
{
    /// <summary>An IAM user.</summary>
    User,

    /// <summary>An IAM group.</summary>
    Group,

    /// <summary>An IAM role.</summary>
    Role,
}
