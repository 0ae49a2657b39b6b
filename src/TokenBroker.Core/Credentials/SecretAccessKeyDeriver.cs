using System.Security.Cryptography;
using System.Text;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;

namespace TokenBroker.Core.Credentials;

/// <summary>
/// Derives temporary secrets instead of storing them: SecretAccessKey = Base64(HMAC-SHA256(data key,
/// "tokenbroker/secret/v1" || AccessKeyId)) cut to 40 characters. The data key comes from the root key's
/// GenerateDataKey, is stored wrapped (first writer wins, so every instance shares it) and is unwrapped once per process.
/// </summary>
public sealed class SecretAccessKeyDeriver(IKeyRing keyRing, IKeyRecordStore keyRecords) : IDisposable
{
    /// <summary>Name of the wrapped data key's record in the key record store.</summary>
    public const string DataKeyRecordName = "credentials/secret-data-key/v1";

    private const int SecretLength = 40;
    private static readonly byte[] Context = Encoding.ASCII.GetBytes("tokenbroker/secret/v1");
    private const string SubkeyContext = "tokenbroker/subkey/v1:";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile KeyedHmac? _dataKey;

    /// <summary>The secret of a temporary AccessKeyId; the first call loads the data key, later ones do no I/O.</summary>
    public async ValueTask<string> DeriveAsync(AccessKeyId accessKeyId, CancellationToken cancellationToken)
    {
        var dataKey = _dataKey ?? await LoadDataKeyAsync(cancellationToken);
        return Derive(dataKey, accessKeyId);
    }

    /// <summary>
    /// A 256-bit key for another use of the same data key: HMAC-SHA256(data key, "tokenbroker/subkey/v1:" || purpose).
    /// The prefix differs from the secrets' one, so no subkey can equal a temporary secret's MAC.
    /// </summary>
    public async ValueTask<byte[]> DeriveSubkeyAsync(string purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        var dataKey = _dataKey ?? await LoadDataKeyAsync(cancellationToken);
        var subkey = new byte[HMACSHA256.HashSizeInBytes];
        dataKey.Compute(Encoding.UTF8.GetBytes(SubkeyContext + purpose), subkey);
        return subkey;
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    internal static string Derive(KeyedHmac dataKey, AccessKeyId accessKeyId)
    {
        var id = accessKeyId.Value;
        Span<byte> message = stackalloc byte[Context.Length + id.Length];
        Context.CopyTo(message);
        Encoding.ASCII.GetBytes(id, message[Context.Length..]);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        dataKey.Compute(message, mac);
        Span<char> base64 = stackalloc char[44];
        Convert.TryToBase64Chars(mac, base64, out _);
        return new string(base64[..SecretLength]);
    }

    private async Task<KeyedHmac> LoadDataKeyAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_dataKey is { } loaded)
            {
                return loaded;
            }

            var wrapped = await keyRecords.GetAsync(DataKeyRecordName, cancellationToken);
            var dataKey = new KeyedHmac(wrapped is null
                ? await CreateDataKeyAsync(cancellationToken)
                : await keyRing.DecryptDataKeyAsync(wrapped, cancellationToken));
            _dataKey = dataKey;
            return dataKey;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Generates a data key and stores it unless another instance stored one first, in which case that one wins.</summary>
    private async Task<byte[]> CreateDataKeyAsync(CancellationToken cancellationToken)
    {
        var created = await keyRing.GenerateDataKeyAsync(cancellationToken);
        var stored = await keyRecords.GetOrCreateAsync(DataKeyRecordName, created.Wrapped, cancellationToken);
        if (stored.AsSpan().SequenceEqual(created.Wrapped))
        {
            return created.Plaintext;
        }

        CryptographicOperations.ZeroMemory(created.Plaintext);
        return await keyRing.DecryptDataKeyAsync(stored, cancellationToken);
    }
}
