using TokenBroker.Core.Ports;

namespace TokenBroker.Host.Observability;

/// <summary>
/// The root key ring with a span per call. The root key signs nothing but signing-key certificates
/// (SigningKeyManager), so each successful signature is one signing-key rotation.
/// </summary>
internal sealed class ObservedKeyRing(IKeyRing inner, BrokerMetrics metrics) : IKeyRing
{
    public string RootKeyId => inner.RootKeyId;

    public Task<byte[]> GetRootPublicKeyAsync(CancellationToken cancellationToken) => inner.GetRootPublicKeyAsync(cancellationToken);

    public async Task<byte[]> SignAsync(byte[] message, CancellationToken cancellationToken)
    {
        using var activity = BrokerActivity.StoreCall("keyring.sign");
        var signature = await inner.SignAsync(message, cancellationToken);
        metrics.SigningKeyRotated();
        return signature;
    }

    public async Task<DataKey> GenerateDataKeyAsync(CancellationToken cancellationToken)
    {
        using var activity = BrokerActivity.StoreCall("keyring.generate_data_key");
        return await inner.GenerateDataKeyAsync(cancellationToken);
    }

    public async Task<byte[]> DecryptDataKeyAsync(byte[] wrappedKey, CancellationToken cancellationToken)
    {
        using var activity = BrokerActivity.StoreCall("keyring.decrypt_data_key");
        return await inner.DecryptDataKeyAsync(wrappedKey, cancellationToken);
    }
}
