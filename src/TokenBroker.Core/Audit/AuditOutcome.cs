namespace TokenBroker.Core.Audit;

/// <summary>Whether credentials were issued or refused.</summary>
public enum AuditOutcome
{
    /// <summary>Credentials were issued.</summary>
    Success,

    /// <summary>The request was refused; the record carries the error code.</summary>
    Failure,
}
