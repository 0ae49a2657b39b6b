namespace TokenBroker.Core.Iam;

/// <summary>GetOutboundWebIdentityFederationInfo's result: the account's issuer URL and whether tokens are vended.</summary>
/// <param name="IssuerIdentifier">The issuer (the iss claim) of the account's web identity tokens.</param>
/// <param name="JwtVendingEnabled">Whether GetWebIdentityToken issues tokens for the account.</param>
public sealed record OutboundFederationInfo(string IssuerIdentifier, bool JwtVendingEnabled);
