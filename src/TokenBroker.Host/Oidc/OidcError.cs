namespace TokenBroker.Host.Oidc;

/// <summary>The JSON body of an issuer document that cannot be served: a code and a generic message, nothing internal.</summary>
internal sealed record OidcError(string Code, string Message);
