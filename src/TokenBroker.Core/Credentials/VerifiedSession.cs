namespace TokenBroker.Core.Credentials;

/// <summary>A session whose token was verified for its AccessKeyId, with the secret the request signature must use.</summary>
/// <param name="Claims">What the token asserts.</param>
/// <param name="SecretAccessKey">The derived secret of the AccessKeyId, for the SigV4 check.</param>
/// <param name="SigningKeyId">The id of the signing key that signed the token (for per-key revocation).</param>
public sealed record VerifiedSession(SessionClaims Claims, string SecretAccessKey, string SigningKeyId)
{
    /// <summary>Keeps the secret out of logs.</summary>
    public override string ToString() =>
        $"VerifiedSession {{ AccessKeyId = {Claims.AccessKeyId}, PrincipalArn = {Claims.PrincipalArn}, SigningKeyId = {SigningKeyId} }}";
}
