using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Ports;

namespace TokenBroker.Host.Saml;

/// <summary>
/// The state of a sign-in waiting for the person's role choice, sealed into the role page instead of held in memory, so
/// that the choice may reach any broker instance (Lambda runs many). The seal is AES-256-GCM under a subkey of the
/// broker's data key over the SAMLResponse, its provider, a hash of the cookie binding and the expiry: the response
/// never goes back to the browser readable, a state cannot be forged or altered, it lives at most five minutes, and the
/// shared replay cache lets it be used exactly once.
/// </summary>
internal sealed class SamlSignInStates(SecretAccessKeyDeriver keys, IReplayCache replayCache, TimeProvider timeProvider)
{
    /// <summary>How long a person has to pick a role.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private const string Purpose = "saml-signin-state/v1";
    private const byte Version = 1;
    private const int IdLength = 16;
    private const int HashLength = 32;
    private static readonly byte[] AssociatedData = Encoding.ASCII.GetBytes("tokenbroker/" + Purpose);

    /// <summary>Seals a validated response for the role page; returns the state for the form and the binding value for the cookie.</summary>
    public async Task<(string State, string Binding)> SealAsync(string samlResponse, string providerArn, CancellationToken cancellationToken)
    {
        var binding = RandomNumberGenerator.GetBytes(32);
        var provider = Encoding.UTF8.GetBytes(providerArn);
        var response = Encoding.UTF8.GetBytes(samlResponse);
        var plaintext = new byte[IdLength + HashLength + 8 + 4 + provider.Length + response.Length];
        RandomNumberGenerator.Fill(plaintext.AsSpan(0, IdLength));
        SHA256.HashData(binding, plaintext.AsSpan(IdLength, HashLength));
        var expires = timeProvider.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds();
        BinaryPrimitives.WriteInt64BigEndian(plaintext.AsSpan(IdLength + HashLength), expires);
        BinaryPrimitives.WriteInt32BigEndian(plaintext.AsSpan(IdLength + HashLength + 8), provider.Length);
        provider.CopyTo(plaintext, IdLength + HashLength + 12);
        response.CopyTo(plaintext, IdLength + HashLength + 12 + provider.Length);

        using var aes = new AesGcm(await KeyAsync(cancellationToken), AesGcm.TagByteSizes.MaxSize);
        var sealedState = new byte[1 + AesGcm.NonceByteSizes.MaxSize + plaintext.Length + AesGcm.TagByteSizes.MaxSize];
        sealedState[0] = Version;
        var nonce = sealedState.AsSpan(1, AesGcm.NonceByteSizes.MaxSize);
        RandomNumberGenerator.Fill(nonce);
        aes.Encrypt(nonce, plaintext, sealedState.AsSpan(1 + nonce.Length, plaintext.Length), sealedState.AsSpan(^AesGcm.TagByteSizes.MaxSize), AssociatedData);
        CryptographicOperations.ZeroMemory(plaintext);
        return (Base64Url.EncodeToString(sealedState), Base64Url.EncodeToString(binding));
    }

    /// <summary>
    /// Opens a state posted with its cookie binding and marks it used; null when it is not one of ours, was altered,
    /// does not match the cookie, has expired or was used before.
    /// </summary>
    public async Task<(string SamlResponse, string ProviderArn)?> TakeAsync(string? state, string? binding, CancellationToken cancellationToken)
    {
        if (state is null || binding is null || FromBase64Url(state) is not { } sealedState || FromBase64Url(binding) is not { } bindingBytes)
        {
            return null;
        }

        var overhead = 1 + AesGcm.NonceByteSizes.MaxSize + AesGcm.TagByteSizes.MaxSize;
        if (sealedState.Length < overhead + IdLength + HashLength + 12 || sealedState[0] != Version)
        {
            return null;
        }

        var plaintext = new byte[sealedState.Length - overhead];
        try
        {
            using var aes = new AesGcm(await KeyAsync(cancellationToken), AesGcm.TagByteSizes.MaxSize);
            aes.Decrypt(sealedState.AsSpan(1, AesGcm.NonceByteSizes.MaxSize), sealedState.AsSpan(1 + AesGcm.NonceByteSizes.MaxSize, plaintext.Length),
                sealedState.AsSpan(^AesGcm.TagByteSizes.MaxSize), plaintext, AssociatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        return await CheckAndConsumeAsync(plaintext, bindingBytes, cancellationToken);
    }

    private async Task<(string, string)?> CheckAndConsumeAsync(byte[] plaintext, byte[] binding, CancellationToken cancellationToken)
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(plaintext.AsSpan(IdLength + HashLength)));
        var providerLength = BinaryPrimitives.ReadInt32BigEndian(plaintext.AsSpan(IdLength + HashLength + 8));
        var bound = CryptographicOperations.FixedTimeEquals(SHA256.HashData(binding), plaintext.AsSpan(IdLength, HashLength));
        if (!bound || timeProvider.GetUtcNow() >= expires || providerLength < 0 || providerLength > plaintext.Length - IdLength - HashLength - 12)
        {
            return null;
        }

        // The shared replay cache (the store), not memory: a state taken on one instance is spent on all of them.
        var id = Convert.ToHexString(plaintext.AsSpan(0, IdLength));
        if (!await replayCache.TryAddAsync("saml-signin:" + id, expires, cancellationToken))
        {
            return null;
        }

        var start = IdLength + HashLength + 12;
        return (Encoding.UTF8.GetString(plaintext.AsSpan(start + providerLength)), Encoding.UTF8.GetString(plaintext.AsSpan(start, providerLength)));
    }

    private ValueTask<byte[]> KeyAsync(CancellationToken cancellationToken) => keys.DeriveSubkeyAsync(Purpose, cancellationToken);

    private static byte[]? FromBase64Url(string text)
    {
        var buffer = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        return Base64Url.TryDecodeFromChars(text, buffer, out var written) ? buffer[..written] : null;
    }
}
