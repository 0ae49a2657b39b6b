namespace TokenBroker.Core.Credentials;

/// <summary>
/// The session token wire form: standard base64 of version || certificate length || certificate || claims || signature,
/// the ECDSA signature covering a domain-separated encoding of everything before it (the AccessKeyId included).
/// </summary>
internal static class SessionTokenCodec
{
    /// <summary>The raw token bytes before the signature.</summary>
    public static byte[] EncodeUnsigned(SigningKeyCertificate certificate, ReadOnlySpan<byte> claims)
    {
        var writer = new TokenWriter();
        writer.WriteByte(SessionTokenFormat.Version);
        writer.WriteLengthPrefixed(certificate.Encoded);
        writer.WriteBytes(claims);
        return writer.ToArray();
    }

    /// <summary>The raw size a token of these parts will have.</summary>
    public static int RawSize(SigningKeyCertificate certificate, int claimsLength) =>
        EncodeUnsigned(certificate, []).Length + claimsLength + SessionTokenFormat.SignatureSize;

    public static string Sign(SigningKey key, ReadOnlySpan<byte> claims)
    {
        var unsigned = EncodeUnsigned(key.Certificate, claims);
        var raw = new byte[unsigned.Length + SessionTokenFormat.SignatureSize];
        unsigned.CopyTo(raw, 0);
        key.Sign(SignedMessage(unsigned), raw.AsSpan(unsigned.Length));
        return Convert.ToBase64String(raw);
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
        if (!Convert.TryFromBase64String(token, raw, out var length)
            || !string.Equals(Convert.ToBase64String(raw, 0, length), token, StringComparison.Ordinal))
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
}
