using TokenBroker.Core.Ports;

namespace TokenBroker.Aws.Tests;

/// <summary>Counts the calls that reach a real key ring (here the KMS one) and passes each one through.</summary>
public sealed class CountingKeyRing(IKeyRing inner) : IKeyRing
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public string RootKeyId => inner.RootKeyId;

    public Task<byte[]> GetRootPublicKeyAsync(CancellationToken cancellationToken) => Count(inner.GetRootPublicKeyAsync(cancellationToken));

    public Task<byte[]> SignAsync(byte[] message, CancellationToken cancellationToken) => Count(inner.SignAsync(message, cancellationToken));

    public Task<DataKey> GenerateDataKeyAsync(CancellationToken cancellationToken) => Count(inner.GenerateDataKeyAsync(cancellationToken));

    public Task<byte[]> DecryptDataKeyAsync(byte[] wrappedKey, CancellationToken cancellationToken) => Count(inner.DecryptDataKeyAsync(wrappedKey, cancellationToken));

    private Task<T> Count<T>(Task<T> call)
    {
        Interlocked.Increment(ref _calls);
        return call;
    }
}
