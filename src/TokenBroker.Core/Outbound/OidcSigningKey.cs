using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TokenBroker.Core.Outbound;

/// <summary>
/// One signing key of the broker's OpenID Connect issuer: ES384 (P-384) or RS256 (RSA-2048), used to sign tokens
/// issued in [<see cref="UseFrom"/>, <see cref="UseUntil"/>) and published from a rotation interval before that window
/// until the last token it signed has expired.
/// </summary>
public sealed class OidcSigningKey : IDisposable
{
    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;

    private OidcSigningKey(string algorithm, ECDsa? ecdsa, RSA? rsa, DateTimeOffset useFrom, DateTimeOffset useUntil)
    {
        Algorithm = algorithm;
        _ecdsa = ecdsa;
        _rsa = rsa;
        UseFrom = useFrom;
        UseUntil = useUntil;
        KeyId = Thumbprint();
    }

    /// <summary>The JWS algorithm: ES384 or RS256.</summary>
    public string Algorithm { get; }

    /// <summary>The key id: the RFC 7638 JWK thumbprint of the public key, so every instance names a shared key alike.</summary>
    public string KeyId { get; }

    /// <summary>The first instant tokens are signed with this key.</summary>
    public DateTimeOffset UseFrom { get; }

    /// <summary>The instant tokens stop being signed with this key.</summary>
    public DateTimeOffset UseUntil { get; }

    /// <summary>A new key of <paramref name="algorithm"/>; its private half is exported only sealed.</summary>
    internal static OidcSigningKey Create(string algorithm, DateTimeOffset useFrom, DateTimeOffset useUntil) =>
        algorithm == SigningAlgorithms.Es384
            ? new(algorithm, ECDsa.Create(ECCurve.NamedCurves.nistP384), null, useFrom, useUntil)
            : new(algorithm, null, RSA.Create(2048), useFrom, useUntil);

    /// <summary>The key whose PKCS#8 private key is <paramref name="pkcs8"/>.</summary>
    internal static OidcSigningKey Import(string algorithm, byte[] pkcs8, DateTimeOffset useFrom, DateTimeOffset useUntil)
    {
        if (algorithm == SigningAlgorithms.Es384)
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
            if (ecdsa.KeySize != 384)
            {
                ecdsa.Dispose();
                throw new CryptographicException("A stored ES384 signing key is not a P-384 key.");
            }

            return new(algorithm, ecdsa, null, useFrom, useUntil);
        }

        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return new(algorithm, null, rsa, useFrom, useUntil);
    }

    /// <summary>The private key as PKCS#8, for sealing only.</summary>
    internal byte[] ExportPkcs8() => _ecdsa is not null ? _ecdsa.ExportPkcs8PrivateKey() : _rsa!.ExportPkcs8PrivateKey();

    /// <summary>The public key as DER SubjectPublicKeyInfo, the form the root key certifies.</summary>
    internal byte[] ExportSubjectPublicKeyInfo() =>
        _ecdsa is not null ? _ecdsa.ExportSubjectPublicKeyInfo() : _rsa!.ExportSubjectPublicKeyInfo();

    /// <summary>The JWS signature of <paramref name="signingInput"/> (RFC 7518 §3.3, §3.4: ES384 is r || s, 96 bytes).</summary>
    public byte[] Sign(ReadOnlySpan<byte> signingInput) =>
        _ecdsa is not null
            ? _ecdsa.SignData(signingInput, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            : _rsa!.SignData(signingInput.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>Writes the public JWK (RFC 7517) with kid, use and alg.</summary>
    public void WritePublicJwk(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        WriteMembers(json, includeMetadata: true);
        json.WriteEndObject();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ecdsa?.Dispose();
        _rsa?.Dispose();
    }

    // RFC 7638 §3: the required members only, in lexicographic order, no whitespace.
    private string Thumbprint()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteMembers(json, includeMetadata: false);
            json.WriteEndObject();
        }

        return Base64Url(SHA256.HashData(buffer.ToArray()));
    }

    private void WriteMembers(Utf8JsonWriter json, bool includeMetadata)
    {
        if (_ecdsa is not null)
        {
            var point = _ecdsa.ExportParameters(includePrivateParameters: false).Q;
            json.WriteString("crv", "P-384");
            json.WriteString("kty", "EC");
            json.WriteString("x", Base64Url(point.X!));
            json.WriteString("y", Base64Url(point.Y!));
        }
        else
        {
            var parameters = _rsa!.ExportParameters(includePrivateParameters: false);
            json.WriteString("e", Base64Url(parameters.Exponent!));
            json.WriteString("kty", "RSA");
            json.WriteString("n", Base64Url(parameters.Modulus!));
        }

        if (includeMetadata)
        {
            json.WriteString("kid", KeyId);
            json.WriteString("use", "sig");
            json.WriteString("alg", Algorithm);
        }
    }

    internal static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static string Base64Url(string text) => Base64Url(Encoding.UTF8.GetBytes(text));
}
