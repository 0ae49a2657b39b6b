using System.IO.Compression;

namespace TokenBroker.Core.Credentials;

/// <summary>
/// A section of the claims (session policies, session tags) stored deflated when that is shorter, as AWS packs them
/// into "a packed binary format" (AssumeRole API reference, PackedPolicyTooLarge).
/// </summary>
internal static class PackedBlock
{
    private const byte Stored = 0;
    private const byte Deflated = 1;

    /// <summary>
    /// Smaller blocks are always stored: deflating them saves a few bytes of a ~2,500-byte budget but costs a
    /// deflater (tens of microseconds) on every issuance and an inflater on every verification.
    /// </summary>
    private const int MinDeflateSize = 256;

    /// <summary>Bound on an inflated block: far above anything that fits a 4,096-byte token, so no input can balloon.</summary>
    private const int MaxInflatedSize = 64 * 1024;

    /// <summary>Appends the block (flag, length, bytes) and returns how many bytes it took.</summary>
    public static int Write(TokenWriter writer, ReadOnlySpan<byte> content)
    {
        var start = writer.Length;
        var deflated = content.Length < MinDeflateSize ? null : Deflate(content);
        if (deflated is not null && deflated.Length < content.Length)
        {
            writer.WriteByte(Deflated);
            writer.WriteLengthPrefixed(deflated);
        }
        else
        {
            writer.WriteByte(Stored);
            writer.WriteLengthPrefixed(content);
        }

        return writer.Length - start;
    }

    public static bool TryRead(ref TokenReader reader, out byte[] content)
    {
        content = [];
        if (!reader.TryReadByte(out var flag) || !reader.TryReadLengthPrefixed(out var bytes))
        {
            return false;
        }

        return flag switch
        {
            Stored => Copy(bytes, out content),
            Deflated => TryInflate(bytes, out content),
            _ => false,
        };
    }

    private static bool Copy(ReadOnlySpan<byte> bytes, out byte[] content)
    {
        content = bytes.ToArray();
        return true;
    }

    private static byte[] Deflate(ReadOnlySpan<byte> content)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(content);
        }

        return output.ToArray();
    }

    private static bool TryInflate(ReadOnlySpan<byte> deflated, out byte[] content)
    {
        content = [];
        using var input = new MemoryStream(deflated.ToArray(), writable: false);
        using var inflate = new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var chunk = new byte[4096];
        try
        {
            int read;
            while ((read = inflate.Read(chunk)) > 0)
            {
                if (output.Length + read > MaxInflatedSize)
                {
                    return false;
                }

                output.Write(chunk, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            return false;
        }

        content = output.ToArray();
        return true;
    }
}
