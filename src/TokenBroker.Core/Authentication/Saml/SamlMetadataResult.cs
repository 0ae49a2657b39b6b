using System.Diagnostics.CodeAnalysis;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>What <see cref="SamlMetadata.Parse"/> found: the entity ID and signing certificates, or every reason it refused.</summary>
public sealed record SamlMetadataResult(string? EntityId, IReadOnlyList<byte[]> SigningCertificates, IReadOnlyList<string> Errors)
{
    /// <summary>True when the metadata can back a SAML provider: an entity ID was found and nothing was refused.</summary>
    [MemberNotNullWhen(true, nameof(EntityId))]
    public bool IsSuccess => EntityId is not null && Errors.Count == 0;

    internal static SamlMetadataResult Succeeded(string entityId, IReadOnlyList<byte[]> certificates) => new(entityId, certificates, []);

    internal static SamlMetadataResult Failed(IReadOnlyList<string> errors) => new(null, [], errors);
}
