using System.Security.Cryptography;
using System.Text;

namespace TokenBroker.Core.DataPlane;

/// <summary>
/// A proxy key: its id and the SHA-256 of its secret. Secrets are random 256-bit values (or at least 32 characters
/// when an operator supplies one), so a fast hash resists guessing; comparison is constant-time.
/// </summary>
/// <param name="Id">The key id the proxy sends before its secret.</param>
/// <param name="SecretHash">The lower-case hex SHA-256 of the secret.</param>
public sealed record ProxyKey(string Id, string SecretHash)
{
    /// <summary>The shortest secret an operator may supply.</summary>
    public const int MinSecretLength = 32;

    /// <summary>A key holding the hash of <paramref name="secret"/>.</summary>
    public static ProxyKey FromSecret(string id, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return new ProxyKey(id, Hash(secret));
    }

    /// <summary>A new random secret: 32 bytes, base64url without padding (43 characters).</summary>
    public static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Whether <paramref name="secret"/> is this key's secret, compared in constant time.</summary>
    public bool Matches(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        if (Convert.FromHexString(SecretHash, expected, out _, out var written) != System.Buffers.OperationStatus.Done || written != expected.Length)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(secret), actual);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
