namespace TokenBroker.Core.Model;

/// <summary>
/// An IAM SAML provider: the IdP's entity ID and the signing certificates from its metadata, the only keys a SAML
/// response is ever verified with (reference/federation.md §2.4 step 8).
/// </summary>
public sealed record SamlProvider(
    AccountId Account,
    string Name,
    string EntityId,
    IReadOnlyList<byte[]> SigningCertificates,
    bool AllowSha1 = false,
    string? AssertionDecryptionKeyId = null)
{
    /// <summary>IAM quota: signing certificates (keys) per SAML provider.</summary>
    public const int MaxSigningCertificates = 10;

    /// <summary>arn:aws:iam::ACCOUNT:saml-provider/NAME.</summary>
    public Arn Arn => Arn.SamlProvider(Account, Name);

    /// <summary>Keeps certificate bytes out of logs.</summary>
    public override string ToString() =>
        $"SamlProvider {{ Arn = {Arn}, EntityId = {EntityId}, SigningCertificates = {SigningCertificates.Count} }}";
}
