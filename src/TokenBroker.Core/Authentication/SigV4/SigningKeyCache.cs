using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using TokenBroker.Core.Credentials;

namespace TokenBroker.Core.Authentication.SigV4;

/// <summary>
/// Derives SigV4 signing keys, kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request),
/// and keeps a bounded number of them: a key is valid for one day, so a busy broker derives each one once a day.
/// </summary>
internal sealed class SigningKeyCache(int capacity)
{
    private readonly ConcurrentDictionary<(string Secret, string Date, string Region, string Service), KeyedHmac> _keys = new();

    /// <summary>The signing key for this secret and scope, derived on first use.</summary>
    public KeyedHmac Get(string secretAccessKey, CredentialScope scope)
    {
        var cacheKey = (secretAccessKey, scope.Date, scope.Region, scope.Service);
        if (_keys.TryGetValue(cacheKey, out var key))
        {
            return key;
        }

        key = new KeyedHmac(Derive(secretAccessKey, scope));

        // Bounded: when full, start over rather than track recency; misses only cost four HMACs.
        if (_keys.Count >= capacity)
        {
            _keys.Clear();
        }

        _keys[cacheKey] = key;
        return key;
    }

    private static byte[] Derive(string secretAccessKey, CredentialScope scope)
    {
        var secret = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        try
        {
            Span<byte> key = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(scope.Date), key);
            HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(scope.Region), key);
            HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(scope.Service), key);
            HMACSHA256.HashData(key, "aws4_request"u8, key);
            return key.ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
