namespace TokenBroker.Core.Model;

/// <summary>Whether a long-term access key may sign requests.</summary>
public enum AccessKeyStatus
{
    Active,
    Inactive,
}
