namespace TokenBroker.Core.Credentials;

/// <summary>
/// The session token wire form: standard base64 of version || certificate length || certificate || claims || signature,
/// the ECDSA signature covering a domain-separated encoding of everything before it (the AccessKeyId included).
/// </summary>
internal static class SessionTokenCodec
{
    /// <summary>The raw size a token of these parts will have: version, certificate length and bytes, claims, signature.</summary>
    public static int RawSize(SigningKeyCertificate certificate, int claimsLength) =>
        1 + VarUIntSize(certificate.Encoded.Length) + certificate.Encoded.Length + claimsLength + SessionTokenFormat.SignatureSize;

    // Room for the signature context (29 bytes) and the largest token.
    private const int StackBufferSize = 64 + SessionTokenFormat.MaxTokenBytes;

    /// <summary>Builds and signs a token in one buffer laid out as context || unsigned token || signature.</summary>
    public static string Sign(SigningKey key, ReadOnlySpan<byte> claims)
    {
        var context = SessionTokenFormat.TokenSignatureContext;
        var certificate = key.Certificate.Encoded;
        var size = context.Length + RawSize(key.Certificate, claims.Length);
        // Issuance refuses tokens over MaxTokenBytes before signing, so the stack buffer is the path always taken.
        var span = size <= StackBufferSize ? stackalloc byte[StackBufferSize] : new byte[size];
        span = span[..size];
        context.CopyTo(span);
        var position = context.Length;
        span[position++] = SessionTokenFormat.Version;
        position += WriteVarUInt(span[position..], certificate.Length);
        certificate.CopyTo(span[position..]);
        position += certificate.Length;
        claims.CopyTo(span[position..]);
        position += claims.Length;
        key.Sign(span[..position], span[position..]);
        return Convert.ToBase64String(span[context.Length..]);
    }

    /// <summary>The message a token signature covers: context || unsigned token bytes.</summary>
    public static byte[] SignedMessage(ReadOnlySpan<byte> unsigned) => [.. SessionTokenFormat.TokenSignatureContext, .. unsigned];

    /// <summary>
    /// Splits a token into certificate, claims and signature. Only canonical base64 is accepted, so one token has one
    /// spelling (and one cache entry). Nothing here is trusted until the signatures are verified.
    /// </summary>
    public static bool TrySplit(string token, out SessionTokenParts parts)
    {
        parts = default;
        if (token.Length is 0 or > SessionTokenFormat.MaxTokenChars || token.Length % 4 != 0)
        {
            return false;
        }

        var raw = new byte[token.Length / 4 * 3];
        Span<char> canonical = stackalloc char[SessionTokenFormat.MaxTokenChars];
        if (!Convert.TryFromBase64String(token, raw, out var length)
            || !Convert.TryToBase64Chars(raw.AsSpan(0, length), canonical, out var written)
            || !canonical[..written].SequenceEqual(token))
        {
            return false;
        }

        var reader = new TokenReader(raw.AsSpan(0, length));
        if (!reader.TryReadByte(out var version) || version != SessionTokenFormat.Version
            || !reader.TryReadLengthPrefixed(out var certificate)
            || reader.Remaining <= SessionTokenFormat.SignatureSize)
        {
            return false;
        }

        var claimsStart = length - reader.Remaining;
        var signatureStart = length - SessionTokenFormat.SignatureSize;
        var certificateStart = claimsStart - certificate.Length;
        parts = new SessionTokenParts(
            raw.AsMemory(certificateStart, certificate.Length),
            raw.AsMemory(claimsStart, signatureStart - claimsStart),
            raw.AsMemory(0, signatureStart),
            raw.AsMemory(signatureStart, SessionTokenFormat.SignatureSize));
        return true;
    }

    private static int VarUIntSize(int value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private static int WriteVarUInt(Span<byte> destination, int value)
    {
        var length = 0;
        while (value >= 0x80)
        {
            destination[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[length++] = (byte)value;
        return length;
    }
}
