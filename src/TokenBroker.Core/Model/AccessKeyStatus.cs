namespace TokenBroker.Core.Model;

/// <summary>Whether a long-term access key may sign requests.</summary>
public enum AccessKeyStatus
{
    /// <summary>The key signs requests.</summary>
    Active,
    /// <summary>The key is kept but refused.</summary>
    Inactive,
}
