namespace TokenBroker.Policy.Compiled;

/// <summary>What one value of a Principal element names.</summary>
internal enum PrincipalEntryKind
{
    Everyone,
    Account,
    IamArn,
    SessionArn,
    Opaque,
}
