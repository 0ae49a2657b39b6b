using System.Security.Cryptography;

namespace TokenBroker.Core.Authentication.SigV4;

/// <summary>
/// SHA-256 with one reusable hash object per thread: SigV4 hashes the body and the canonical request of every
/// request, and a kept OpenSSL context saves the setup a one-shot hash pays on each call.
/// </summary>
internal static class Sha256Digest
{
    [ThreadStatic]
    private static IncrementalHash? t_hash;

    /// <summary>Writes SHA-256(<paramref name="data"/>) to <paramref name="destination"/> (32 bytes).</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hash = t_hash ?? IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        t_hash = null;
        hash.AppendData(data);
        hash.GetHashAndReset(destination);
        t_hash = hash;
    }
}
