namespace TokenBroker.Core.Operations;

/// <summary>A person's role choice on the browser sign-in's role page, with the response the page kept sealed for it.</summary>
/// <param name="SamlResponse">The base64 SAML response the IdP posted, as <see cref="SamlSignInOperation.ReceiveAsync"/> accepted it.</param>
/// <param name="ProviderArn">The provider that validated the response.</param>
/// <param name="RoleArn">The role the person picked.</param>
public sealed record SamlRoleChoice(string SamlResponse, string ProviderArn, string RoleArn);
