using System.Buffers.Binary;
using System.Globalization;

namespace TokenBroker.Core.Model;

/// <summary>
/// AWS access key ids carry their account: the 16 characters after the prefix are 10 base32 bytes whose first six,
/// read big-endian, hold the account id in bits 7..46 (the layout GetAccessKeyInfo decodes). The other bits are random.
/// </summary>
internal static class AccessKeyIdAccount
{
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const long AccountMask = 0x7FFF_FFFF_FF80;

    /// <summary>A new key id with the given prefix whose encoded account is <paramref name="account"/>.</summary>
    public static AccessKeyId NewId(string prefix, AccountId account)
    {
        Span<byte> bytes = stackalloc byte[10];
        IdentifierRandom.Fill(bytes);
        var accountNumber = long.Parse(account.Value, CultureInfo.InvariantCulture);
        var head = ((long)BinaryPrimitives.ReadUInt16BigEndian(bytes) << 32) | BinaryPrimitives.ReadUInt32BigEndian(bytes[2..]);
        head = (head & ~AccountMask & 0xFFFF_FFFF_FFFF) | (accountNumber << 7);
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)(head >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(bytes[2..], (uint)head);
        return AccessKeyId.Parse(prefix + Encode(bytes));
    }

    /// <summary>The account encoded in a key id of the modern form (4-letter prefix + 16 base32 characters), or false.</summary>
    public static bool TryDecode(AccessKeyId id, out AccountId account)
    {
        account = default;
        var text = id.Value;
        if (text.Length != 20)
        {
            return false;
        }

        // The first 10 characters are 50 bits; their top 48 are the six head bytes.
        long value = 0;
        for (var i = 4; i < 20; i++)
        {
            var digit = Base32.IndexOf(text[i], StringComparison.Ordinal);
            if (digit < 0)
            {
                return false;
            }

            if (i < 14)
            {
                value = (value << 5) | (uint)digit;
            }
        }

        var head = value >> 2;
        var accountNumber = (head & AccountMask) >> 7;
        return AccountId.TryParse(accountNumber.ToString("D12", CultureInfo.InvariantCulture), out account);
    }

    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[16];
        var buffer = 0;
        var bits = 0;
        var index = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[index++] = Base32[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }

        return new string(chars);
    }
}
