namespace TokenBroker.Core.Iam;

/// <summary>
/// A written change whose answer is shown once (a new key's secret, an MFA seed), with the compensating write that
/// removes what it created again when that answer cannot be handed out. Not a record, so its secret never prints.
/// </summary>
public sealed class UndoableWrite<T>
{
    internal UndoableWrite(T value, WriteCompensation compensation)
    {
        Value = value;
        Compensation = compensation;
    }

    /// <summary>The operation's answer.</summary>
    public T Value { get; }

    /// <summary>What removes what the write created.</summary>
    public WriteCompensation Compensation { get; }

    /// <summary>The same write and compensation, answering <paramref name="value"/> instead.</summary>
    public UndoableWrite<TOther> With<TOther>(TOther value) => new(value, Compensation);
}
