using System.Security.Cryptography;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;

namespace TokenBroker.Core.Tests.Credentials;

/// <summary>Builds tokens with chosen certificate windows through the codec, bypassing the issuer's own checks.</summary>
internal static class CraftedTokens
{
    public static async Task<SigningKey> CertifyAsync(IKeyRing keyRing, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var point = key.ExportParameters(false).Q;
        var body = SigningKeyCertificate.EncodeBody(
            RandomNumberGenerator.GetBytes(8), [.. point.X!, .. point.Y!], notBefore, notAfter, keyRing.RootKeyId);
        var signature = await keyRing.SignAsync(SigningKeyCertificate.SignedMessage(body), CancellationToken.None);
        return new SigningKey(key, SigningKeyCertificate.Assemble(body, signature), notAfter);
    }

    public static SessionClaims Claims(AccessKeyId accessKeyId, DateTimeOffset issuedAt, DateTimeOffset expiration) =>
        SessionClaims.FromGrant(Grants.AssumedRole(), accessKeyId, SessionClaimsCodec.NewSessionId(), issuedAt, expiration);

    public static string Token(SigningKey key, SessionClaims claims) =>
        SessionTokenCodec.Sign(key, SessionClaimsCodec.Encode(claims).Bytes);
}
