using TokenBroker.Core.Model;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>The AWS attributes of an assertion (id_roles_providers_create_saml_assertions) and every attribute by Name.</summary>
internal sealed record SamlAwsAttributes(
    IReadOnlyList<SamlRolePair> Roles,
    string RoleSessionName,
    int? SessionDuration,
    string? SourceIdentity,
    IReadOnlyList<Tag> PrincipalTags,
    IReadOnlyList<string> TransitiveTagKeys,
    IReadOnlyDictionary<string, IReadOnlyList<string>> All);
