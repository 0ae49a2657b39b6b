using TokenBroker.Core.Ports;

namespace TokenBroker.Core.Tests.Credentials;

/// <summary>A decorator over a real key ring that counts root-key operations and can simulate a root-key outage.</summary>
internal sealed class CountingKeyRing(IKeyRing inner) : IKeyRing
{
    private int _signs;
    private int _publicKeyReads;
    private int _dataKeyGenerations;
    private int _dataKeyDecryptions;

    public int Signs => _signs;

    public int PublicKeyReads => _publicKeyReads;

    public int DataKeyGenerations => _dataKeyGenerations;

    public int DataKeyDecryptions => _dataKeyDecryptions;

    public int Total => _signs + _publicKeyReads + _dataKeyGenerations + _dataKeyDecryptions;

    /// <summary>When true every operation fails as an unreachable KMS would.</summary>
    public bool Unavailable { get; set; }

    /// <summary>When set, the key ring claims this root key id (to impersonate another root).</summary>
    public string? RootKeyIdOverride { get; set; }

    public string RootKeyId => RootKeyIdOverride ?? inner.RootKeyId;

    public Task<byte[]> GetRootPublicKeyAsync(CancellationToken cancellationToken)
    {
        Count(ref _publicKeyReads);
        return inner.GetRootPublicKeyAsync(cancellationToken);
    }

    public Task<byte[]> SignAsync(byte[] message, CancellationToken cancellationToken)
    {
        Count(ref _signs);
        return inner.SignAsync(message, cancellationToken);
    }

    public Task<DataKey> GenerateDataKeyAsync(CancellationToken cancellationToken)
    {
        Count(ref _dataKeyGenerations);
        return inner.GenerateDataKeyAsync(cancellationToken);
    }

    public Task<byte[]> DecryptDataKeyAsync(byte[] wrappedKey, CancellationToken cancellationToken)
    {
        Count(ref _dataKeyDecryptions);
        return inner.DecryptDataKeyAsync(wrappedKey, cancellationToken);
    }

    private void Count(ref int counter)
    {
        if (Unavailable)
        {
            throw new HttpRequestException("KMS is unreachable.");
        }

        Interlocked.Increment(ref counter);
    }
}
