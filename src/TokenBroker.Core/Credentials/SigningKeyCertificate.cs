namespace TokenBroker.Core.Credentials;

/// <summary>
/// A broker instance's signing key certified by one root-key signature: key id, P-256 public point, validity window and
/// root key id, signed by the root key over a domain-separated encoding. Every token carries its certificate, so any
/// instance holding the root public key can verify any token without shared state.
/// </summary>
internal sealed class SigningKeyCertificate
{
    private SigningKeyCertificate(
        byte[] keyId, byte[] publicKey, DateTimeOffset notBefore, DateTimeOffset notAfter, string rootKeyId, byte[] body, byte[] encoded)
    {
        KeyId = Convert.ToHexStringLower(keyId);
        PublicKey = publicKey;
        NotBefore = notBefore;
        NotAfter = notAfter;
        RootKeyId = rootKeyId;
        Body = body;
        Encoded = encoded;
    }

    /// <summary>The signing key's id, 16 lowercase hex digits.</summary>
    public string KeyId { get; }

    /// <summary>The signing key's public point, X || Y.</summary>
    public byte[] PublicKey { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    /// <summary>The root key that signed this certificate (<see cref="Ports.IKeyRing.RootKeyId"/>).</summary>
    public string RootKeyId { get; }

    /// <summary>The signed part, without the root signature.</summary>
    public byte[] Body { get; }

    /// <summary>The certificate as it travels in a token: body, then the length-prefixed root signature.</summary>
    public byte[] Encoded { get; }

    /// <summary>The message the root key signs: context || body.</summary>
    public static byte[] SignedMessage(ReadOnlySpan<byte> body) => [.. SessionTokenFormat.CertificateSignatureContext, .. body];

    public static byte[] EncodeBody(byte[] keyId, byte[] publicKey, DateTimeOffset notBefore, DateTimeOffset notAfter, string rootKeyId)
    {
        var writer = new TokenWriter();
        writer.WriteBytes(keyId);
        writer.WriteBytes(publicKey);
        writer.WriteVarUInt((ulong)notBefore.ToUnixTimeSeconds());
        writer.WriteVarUInt((ulong)notAfter.ToUnixTimeSeconds());
        writer.WriteString(rootKeyId);
        return writer.ToArray();
    }

    /// <summary>Joins a body and the root key's DER signature over <see cref="SignedMessage"/> into a certificate.</summary>
    public static SigningKeyCertificate Assemble(byte[] body, byte[] rootSignature)
    {
        var writer = new TokenWriter();
        writer.WriteBytes(body);
        writer.WriteLengthPrefixed(rootSignature);
        var encoded = writer.ToArray();
        return TryDecode(encoded, out var certificate, out _)
            ? certificate
            : throw new InvalidOperationException("A freshly assembled signing-key certificate does not decode.");
    }

    /// <summary>Parses a certificate (not yet verified); returns the root signature separately.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, out SigningKeyCertificate certificate, out byte[] rootSignature)
    {
        certificate = null!;
        rootSignature = [];
        var reader = new TokenReader(encoded);
        if (!reader.TryReadBytes(SessionTokenFormat.KeyIdSize, out var keyId)
            || !reader.TryReadBytes(SessionTokenFormat.PublicKeySize, out var publicKey)
            || !reader.TryReadVarUInt(out var notBefore) || !reader.TryReadVarUInt(out var notAfter)
            || notBefore >= notAfter || notAfter > (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || !reader.TryReadRequiredString(out var rootKeyId))
        {
            return false;
        }

        var bodyLength = encoded.Length - reader.Remaining;
        if (!reader.TryReadLengthPrefixed(out var signature) || signature.IsEmpty || !reader.IsAtEnd)
        {
            return false;
        }

        rootSignature = signature.ToArray();
        certificate = new SigningKeyCertificate(
            keyId.ToArray(), publicKey.ToArray(), DateTimeOffset.FromUnixTimeSeconds((long)notBefore),
            DateTimeOffset.FromUnixTimeSeconds((long)notAfter), rootKeyId, encoded[..bodyLength].ToArray(), encoded.ToArray());
        return true;
    }
}
