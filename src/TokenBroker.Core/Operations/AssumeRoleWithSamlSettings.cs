using TokenBroker.Core.Authentication.Saml;

namespace TokenBroker.Core.Operations;

/// <summary>How AssumeRoleWithSAML validates responses: the accepted recipients and audiences, and whether assertion IDs are remembered.</summary>
/// <param name="Validation">The broker's own ACS URL and entity ID besides AWS's sign-in endpoints.</param>
/// <param name="ReplayCache">Whether each assertion ID is accepted once (on by default; federation.md §2.4).</param>
public sealed record AssumeRoleWithSamlSettings(SamlValidationSettings Validation, bool ReplayCache = true);
