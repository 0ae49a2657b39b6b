using System.Security.Cryptography;

namespace TokenBroker.Core.Model;

/// <summary>
/// Random bytes for identifiers (request ids, session ids, access key ids), drawn from <see cref="RandomNumberGenerator"/>
/// a kilobyte at a time per thread, so an identifier costs a copy rather than a call into OpenSSL. Bytes are handed
/// out once and cleared from the block as they go. Not for keys, secrets or nonces: those call the generator directly.
/// </summary>
public static class IdentifierRandom
{
    private const int BlockSize = 1024;

    [ThreadStatic]
    private static byte[]? t_block;

    [ThreadStatic]
    private static int t_next;

    /// <summary>Fills <paramref name="destination"/> with random bytes never handed out before.</summary>
    public static void Fill(Span<byte> destination)
    {
        if (destination.Length > BlockSize)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }

        var block = t_block;
        if (block is null || BlockSize - t_next < destination.Length)
        {
            block = t_block ??= new byte[BlockSize];
            RandomNumberGenerator.Fill(block);
            t_next = 0;
        }

        var taken = block.AsSpan(t_next, destination.Length);
        taken.CopyTo(destination);
        taken.Clear();
        t_next += destination.Length;
    }
}
