using System.Security.Cryptography;
using TokenBroker.Core.Credentials;

namespace TokenBroker.Core.Authentication.SigV4;

/// <summary>
/// "AWS4-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + hex(SHA-256(canonical request)), signed with HMAC-SHA256
/// under the derived signing key (AWS General Reference, "Create a string to sign").
/// </summary>
internal static class StringToSign
{
    public static void Sign(KeyedHmac signingKey, SigV4Claims claims, ReadOnlySpan<byte> canonicalRequestHash, Span<byte> signature)
    {
        var scope = claims.Scope;
        var writer = new ByteWriter(256);
        try
        {
            writer.Append("AWS4-HMAC-SHA256\n"u8);
            writer.Append(claims.Timestamp);
            writer.Append((byte)'\n');
            writer.Append(scope.Date);
            writer.Append((byte)'/');
            writer.Append(scope.Region);
            writer.Append((byte)'/');
            writer.Append(scope.Service);
            writer.Append("/aws4_request\n"u8);
            Span<char> hex = stackalloc char[SHA256.HashSizeInBytes * 2];
            Convert.TryToHexStringLower(canonicalRequestHash, hex, out _);
            writer.Append(hex);
            signingKey.Compute(writer.Written, signature);
        }
        finally
        {
            writer.Dispose();
        }
    }
}
