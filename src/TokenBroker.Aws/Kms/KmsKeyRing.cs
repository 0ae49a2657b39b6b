using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using TokenBroker.Core.Ports;

namespace TokenBroker.Aws.Kms;

/// <summary>
/// The root of trust in KMS, as two keys: an ECC_NIST_P256 SIGN_VERIFY key that certifies signing keys, and a
/// symmetric ENCRYPT_DECRYPT key for data keys. Two, because KMS's GenerateDataKey and Decrypt work only with
/// symmetric keys and an asymmetric signing key cannot encrypt; separate keys also get separate key policies.
/// The public key is fetched once at open; the broker calls Sign and Decrypt rarely (architecture §4).
/// </summary>
public sealed class KmsKeyRing : IKeyRing
{
    /// <summary>The dependency's name in messages and readiness.</summary>
    public const string Service = "KMS";

    // Bound into every wrapped data key (KMS EncryptionContext): a ciphertext made for another purpose fails to decrypt.
    private static readonly Dictionary<string, string> EncryptionContext = new(StringComparer.Ordinal) { ["purpose"] = "tokenbroker/data-key/v1" };

    private readonly IAmazonKeyManagementService _kms;
    private readonly string _dataKeyId;
    private readonly byte[] _publicKey;
    private readonly DependencyGuard _guard;

    private KmsKeyRing(IAmazonKeyManagementService kms, DependencyGuard guard, string rootKeyArn, byte[] publicKey, string dataKeyId)
    {
        _kms = kms;
        _guard = guard;
        _guard.SetProbe(token => kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = rootKeyArn }, token));
        RootKeyId = rootKeyArn;
        _publicKey = publicKey;
        _dataKeyId = dataKeyId;
    }

    /// <inheritdoc />
    public string RootKeyId { get; }

    /// <summary>
    /// Opens the key ring: fetches and checks the signing key's public half, and names the key by its ARN. Every KMS
    /// call goes through <paramref name="guard"/> (the KMS deadline and circuit), a default one when none is given.
    /// </summary>
    public static async Task<KmsKeyRing> OpenAsync(
        IAmazonKeyManagementService kms, string signingKeyId, string dataKeyId, CancellationToken cancellationToken, DependencyGuard? guard = null)
    {
        ArgumentNullException.ThrowIfNull(kms);
        guard ??= DependencyGuard.CreateDefault(Service);
        var response = await guard.RunAsync(
            token => kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = signingKeyId }, token), cancellationToken);
        // The key itself decides: its SubjectPublicKeyInfo must be a P-256 EC key (the KeySpec field is descriptive).
        var publicKey = response.PublicKey.ToArray();
        if (!IsP256(publicKey))
        {
            throw new CryptographicException($"KMS key {signingKeyId} is not an ECC_NIST_P256 key.");
        }

        // The ARN, not an alias: certificates name the key that signed them, and an alias can be repointed.
        return new KmsKeyRing(kms, guard, response.KeyId, publicKey, dataKeyId);
    }

    private static bool IsP256(byte[] subjectPublicKeyInfo)
    {
        using var check = ECDsa.Create();
        try
        {
            check.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        }
        catch (CryptographicException)
        {
            // Not an EC key at all (an RSA or a symmetric key named by mistake).
            return false;
        }

        return check.KeySize == 256;
    }

    /// <inheritdoc />
    public Task<byte[]> GetRootPublicKeyAsync(CancellationToken cancellationToken) => Task.FromResult(_publicKey.ToArray());

    /// <inheritdoc />
    public Task<byte[]> SignAsync(byte[] message, CancellationToken cancellationToken) =>
        _guard.RunAsync(async token =>
        {
            // RAW with ECDSA_SHA_256: KMS hashes the message with SHA-256 and returns a DER signature (KMS Sign API).
            var response = await _kms.SignAsync(new SignRequest
            {
                KeyId = RootKeyId,
                Message = new MemoryStream(message),
                MessageType = MessageType.RAW,
                SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256,
            }, token);
            return response.Signature.ToArray();
        }, cancellationToken);

    /// <inheritdoc />
    public Task<DataKey> GenerateDataKeyAsync(CancellationToken cancellationToken) =>
        _guard.RunAsync(async token =>
        {
            var response = await _kms.GenerateDataKeyAsync(new GenerateDataKeyRequest
            {
                KeyId = _dataKeyId,
                KeySpec = DataKeySpec.AES_256,
                EncryptionContext = new Dictionary<string, string>(EncryptionContext, StringComparer.Ordinal),
            }, token);
            return new DataKey(response.Plaintext.ToArray(), response.CiphertextBlob.ToArray());
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<byte[]> DecryptDataKeyAsync(byte[] wrappedKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wrappedKey);
        try
        {
            return await _guard.RunAsync(async token =>
            {
                var response = await _kms.DecryptAsync(new DecryptRequest
                {
                    KeyId = _dataKeyId,
                    CiphertextBlob = new MemoryStream(wrappedKey),
                    EncryptionContext = new Dictionary<string, string>(EncryptionContext, StringComparer.Ordinal),
                }, token);
                return response.Plaintext.ToArray();
            }, cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidCiphertextException or IncorrectKeyException)
        {
            throw new CryptographicException("The wrapped data key does not decrypt under the data key.", exception);
        }
    }
}
