using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded;

/// <summary>
/// The embedded root of trust: a P-256 signing key and an AES-256 key-encryption key in one file of the data folder,
/// readable by its owner only. It plays the part KMS plays on AWS.
/// </summary>
public sealed class LocalKeyRing : IKeyRing, IDisposable
{
    /// <summary>Name of the key file inside the data folder.</summary>
    public const string FileName = "root-key.json";

    private const byte WrapVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] WrapContext = Encoding.ASCII.GetBytes("tokenbroker/data-key/v1");

    private readonly ECDsa _signingKey;
    private readonly byte[] _wrappingKey;
    private readonly byte[] _publicKey;

    private LocalKeyRing(ECDsa signingKey, byte[] wrappingKey)
    {
        _signingKey = signingKey;
        _wrappingKey = wrappingKey;
        _publicKey = signingKey.ExportSubjectPublicKeyInfo();
        RootKeyId = "local:" + Convert.ToHexStringLower(SHA256.HashData(_publicKey).AsSpan(0, 8));
    }

    /// <inheritdoc />
    public string RootKeyId { get; }

    /// <summary>Whether the data folder already holds a root key.</summary>
    public static bool Exists(string dataFolder) => File.Exists(Path.Combine(dataFolder, FileName));

    /// <summary>Creates a new root key file; fails if one exists, so a key is never silently replaced.</summary>
    public static LocalKeyRing Create(string dataFolder)
    {
        Directory.CreateDirectory(dataFolder);
        var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var wrappingKey = RandomNumberGenerator.GetBytes(32);
        var file = new KeyFile(1, Convert.ToBase64String(signingKey.ExportPkcs8PrivateKey()), Convert.ToBase64String(wrappingKey));
        var path = Path.Combine(dataFolder, FileName);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        {
            JsonSerializer.Serialize(stream, file, KeyFileJsonContext.Default.KeyFile);
            stream.Flush(flushToDisk: true);
        }

        return new LocalKeyRing(signingKey, wrappingKey);
    }

    /// <summary>Opens the root key of a data folder; fails closed when it is missing or malformed.</summary>
    public static LocalKeyRing Open(string dataFolder)
    {
        var path = Path.Combine(dataFolder, FileName);
        KeyFile? file;
        using (var stream = File.OpenRead(path))
        {
            file = JsonSerializer.Deserialize(stream, KeyFileJsonContext.Default.KeyFile);
        }

        if (file is null || file.Version != 1)
        {
            throw new CryptographicException($"The root key file {path} is not a version 1 key file.");
        }

        var signingKey = ECDsa.Create();
        signingKey.ImportPkcs8PrivateKey(Convert.FromBase64String(file.SigningKey), out _);
        var wrappingKey = Convert.FromBase64String(file.WrappingKey);
        if (signingKey.KeySize != 256 || wrappingKey.Length != 32)
        {
            throw new CryptographicException($"The root key file {path} holds keys of the wrong size.");
        }

        return new LocalKeyRing(signingKey, wrappingKey);
    }

    /// <summary>Opens the data folder's root key, creating it on first use.</summary>
    public static LocalKeyRing OpenOrCreate(string dataFolder) => Exists(dataFolder) ? Open(dataFolder) : Create(dataFolder);

    /// <inheritdoc />
    public Task<byte[]> GetRootPublicKeyAsync(CancellationToken cancellationToken) => Task.FromResult(_publicKey.ToArray());

    /// <inheritdoc />
    public Task<byte[]> SignAsync(byte[] message, CancellationToken cancellationToken) =>
        Task.FromResult(_signingKey.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    /// <inheritdoc />
    public Task<DataKey> GenerateDataKeyAsync(CancellationToken cancellationToken)
    {
        var plaintext = RandomNumberGenerator.GetBytes(32);
        var wrapped = new byte[1 + NonceSize + TagSize + plaintext.Length];
        wrapped[0] = WrapVersion;
        var nonce = wrapped.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_wrappingKey, TagSize);
        aes.Encrypt(nonce, plaintext, wrapped.AsSpan(1 + NonceSize + TagSize), wrapped.AsSpan(1 + NonceSize, TagSize), WrapContext);
        return Task.FromResult(new DataKey(plaintext, wrapped));
    }

    /// <inheritdoc />
    public Task<byte[]> DecryptDataKeyAsync(byte[] wrappedKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wrappedKey);
        if (wrappedKey.Length != 1 + NonceSize + TagSize + 32 || wrappedKey[0] != WrapVersion)
        {
            throw new CryptographicException("The wrapped data key is malformed.");
        }

        var plaintext = new byte[32];
        using var aes = new AesGcm(_wrappingKey, TagSize);
        aes.Decrypt(
            wrappedKey.AsSpan(1, NonceSize),
            wrappedKey.AsSpan(1 + NonceSize + TagSize),
            wrappedKey.AsSpan(1 + NonceSize, TagSize),
            plaintext,
            WrapContext);
        return Task.FromResult(plaintext);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _signingKey.Dispose();
        CryptographicOperations.ZeroMemory(_wrappingKey);
    }
}
