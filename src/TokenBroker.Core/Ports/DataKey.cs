namespace TokenBroker.Core.Ports;

/// <summary>A data key in plaintext (keep in memory only) and wrapped under the root key (safe to store).</summary>
public sealed record DataKey(byte[] Plaintext, byte[] Wrapped)
{
    /// <summary>Keeps key bytes out of logs.</summary>
    public override string ToString() => "DataKey";
}
