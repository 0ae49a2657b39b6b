namespace TokenBroker.Core.Authentication.Mfa;

/// <summary>Base32 (RFC 4648 §6, upper case, no padding): how authenticator apps take a TOTP seed.</summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>The Base32 text of <paramref name="data"/>, without padding.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var text = new char[(data.Length * 8 + 4) / 5];
        var buffer = 0;
        var bits = 0;
        var index = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text[index++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text[index] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(text);
    }
}
