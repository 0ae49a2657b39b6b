using System.Security.Cryptography;

namespace TokenBroker.Core.Credentials;

/// <summary>
/// HMAC-SHA256 under one key that is used again and again (a SigV4 signing key, the directory data key): keeps one
/// initialised HMAC to reuse, so a MAC costs an update and a final rather than OpenSSL's setup of a new context and
/// key each time. Thread-safe: a caller that finds the spare taken makes its own, and the extra one is dropped.
/// </summary>
internal sealed class KeyedHmac(byte[] key)
{
    private IncrementalHash? _spare;

    /// <summary>Writes HMAC-SHA256(key, <paramref name="message"/>) to <paramref name="mac"/> (32 bytes).</summary>
    public void Compute(ReadOnlySpan<byte> message, Span<byte> mac)
    {
        var hmac = Interlocked.Exchange(ref _spare, null) ?? IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        try
        {
            hmac.AppendData(message);
            hmac.GetHashAndReset(mac);
        }
        catch
        {
            // Its state is unknown: never hand it out again.
            hmac.Dispose();
            throw;
        }

        if (Interlocked.CompareExchange(ref _spare, hmac, null) is not null)
        {
            hmac.Dispose();
        }
    }
}
