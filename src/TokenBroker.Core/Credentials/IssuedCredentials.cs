namespace TokenBroker.Core.Credentials;

/// <summary>Newly issued temporary credentials, the claims their token carries, and the size figures STS reports.</summary>
/// <param name="Credentials">What the response's Credentials element holds.</param>
/// <param name="Claims">The session the token asserts.</param>
/// <param name="PackedPolicySize">Percentage of the allotted space the session policies and tags take.</param>
/// <param name="SessionTokenSize">The session token's length in characters (at most 4,096).</param>
public sealed record IssuedCredentials(TemporaryCredentials Credentials, SessionClaims Claims, int PackedPolicySize, int SessionTokenSize)
{
    /// <summary>SessionTokenUtilization: the token's share of the 4,096-character cap, in whole percent rounded up.</summary>
    public int SessionTokenUtilization => (SessionTokenSize * 100 + SessionTokenFormat.MaxTokenChars - 1) / SessionTokenFormat.MaxTokenChars;
}
