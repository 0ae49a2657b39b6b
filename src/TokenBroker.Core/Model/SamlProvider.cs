namespace TokenBroker.Core.Model;

/// <summary>
/// An IAM SAML provider: the IdP's entity ID and the signing certificates from its metadata, the only keys a SAML
/// response is ever verified with (reference/federation.md §2.4 step 8), and the private keys and encryption mode for
/// encrypted assertions (IAM CreateSAMLProvider AssertionEncryptionMode, AddPrivateKey).
/// </summary>
public sealed record SamlProvider(
    AccountId Account,
    string Name,
    string EntityId,
    IReadOnlyList<byte[]> SigningCertificates,
    bool AllowSha1 = false)
{
    /// <summary>IAM quota: signing certificates (keys) per SAML provider.</summary>
    public const int MaxSigningCertificates = 10;

    /// <summary>IAM: a SAML provider holds at most two private keys, so one can be rotated while the other still works.</summary>
    public const int MaxPrivateKeys = 2;

    /// <summary>Whether plain assertions are accepted as well as encrypted ones.</summary>
    public AssertionEncryptionMode AssertionEncryptionMode { get; init; } = AssertionEncryptionMode.Allowed;

    /// <summary>The keys an EncryptedAssertion is decrypted with, each tried in turn (IAM PrivateKeyList).</summary>
    public IReadOnlyList<SamlPrivateKey> PrivateKeyList { get; init; } = [];

    /// <summary>arn:aws:iam::ACCOUNT:saml-provider/NAME.</summary>
    public Arn Arn => Arn.SamlProvider(Account, Name);

    /// <summary>Keeps certificate and key bytes out of logs.</summary>
    public override string ToString() =>
        $"SamlProvider {{ Arn = {Arn}, EntityId = {EntityId}, SigningCertificates = {SigningCertificates.Count}, " +
        $"AssertionEncryptionMode = {AssertionEncryptionMode}, PrivateKeyList = [{string.Join(", ", PrivateKeyList.Select(k => k.KeyId))}] }}";
}
