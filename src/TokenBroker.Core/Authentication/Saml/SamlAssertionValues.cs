using TokenBroker.Core.Model;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>What the assertion reader extracted from a verified assertion, before it becomes a <see cref="ValidatedSamlResponse"/>.</summary>
internal sealed record SamlAssertionValues(
    string Issuer,
    string Subject,
    string SubjectType,
    string Recipient,
    string Audience,
    string AssertionId,
    DateTimeOffset NotOnOrAfter,
    DateTimeOffset? SessionNotOnOrAfter,
    IReadOnlyList<SamlRolePair> Roles,
    string RoleSessionName,
    int? SessionDuration,
    string? SourceIdentity,
    IReadOnlyList<Tag> PrincipalTags,
    IReadOnlyList<string> TransitiveTagKeys,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes);
