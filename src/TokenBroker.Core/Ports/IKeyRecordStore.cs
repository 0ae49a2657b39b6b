namespace TokenBroker.Core.Ports;

/// <summary>Named, write-once records of key material that is safe to store (wrapped data keys, public keys).</summary>
public interface IKeyRecordStore
{
    /// <summary>The record with this name, or null.</summary>
    Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates the record unless one exists; returns the value that is stored afterwards (first writer wins).</summary>
    Task<byte[]> GetOrCreateAsync(string name, byte[] value, CancellationToken cancellationToken);
}
