using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace TokenBroker.Core.Credentials;

/// <summary>A SHA-256 digest as a dictionary key: cache entries are found by the hash of what was verified.</summary>
internal readonly record struct ContentHash(ulong A, ulong B, ulong C, ulong D)
{
    public static ContentHash Of(ReadOnlySpan<byte> content)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, digest);
        return new ContentHash(
            BinaryPrimitives.ReadUInt64LittleEndian(digest),
            BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(digest[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(digest[24..]));
    }

    /// <summary>Hashes a token as presented (its UTF-16 code units), so a cache hit needs no base64 decoding.</summary>
    public static ContentHash Of(string text) => Of(MemoryMarshal.AsBytes(text.AsSpan()));
}
