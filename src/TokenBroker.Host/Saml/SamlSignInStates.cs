using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using TokenBroker.Core.Authentication.WebIdentity;
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
    private const int NonceLength = 12;
    private const int TagLength = 16;

    // Plaintext layout: state id (16) | SHA-256 of the cookie binding (32) | expiry, unix seconds (8) |
    // provider ARN length (4) | provider ARN | SAMLResponse. Sealed: version (1) | nonce | ciphertext | tag.
    private const int IdLength = 16;
    private const int HashOffset = IdLength;
    private const int HashLength = 32;
    private const int ExpiresOffset = HashOffset + HashLength;
    private const int ProviderLengthOffset = ExpiresOffset + 8;
    private const int ProviderOffset = ProviderLengthOffset + 4;
    private const int SealOverhead = 1 + NonceLength + TagLength;
    private static readonly byte[] AssociatedData = Encoding.ASCII.GetBytes("tokenbroker/" + Purpose);

    /// <summary>Seals a validated response for the role page; returns the state for the form and the binding value for the cookie.</summary>
    public async Task<(string State, string Binding)> SealAsync(string samlResponse, string providerArn, CancellationToken cancellationToken)
    {
        var binding = RandomNumberGenerator.GetBytes(32);
        var provider = Encoding.UTF8.GetBytes(providerArn);
        var response = Encoding.UTF8.GetBytes(samlResponse);
        var plaintext = new byte[ProviderOffset + provider.Length + response.Length];
        RandomNumberGenerator.Fill(plaintext.AsSpan(0, IdLength));
        SHA256.HashData(binding, plaintext.AsSpan(HashOffset, HashLength));
        var expires = timeProvider.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds();
        BinaryPrimitives.WriteInt64BigEndian(plaintext.AsSpan(ExpiresOffset), expires);
        BinaryPrimitives.WriteInt32BigEndian(plaintext.AsSpan(ProviderLengthOffset), provider.Length);
        provider.CopyTo(plaintext, ProviderOffset);
        response.CopyTo(plaintext, ProviderOffset + provider.Length);

        using var aes = new AesGcm(await KeyAsync(cancellationToken), TagLength);
        var sealedState = new byte[SealOverhead + plaintext.Length];
        sealedState[0] = Version;
        var nonce = sealedState.AsSpan(1, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        aes.Encrypt(nonce, plaintext, sealedState.AsSpan(1 + NonceLength, plaintext.Length), sealedState.AsSpan(^TagLength), AssociatedData);
        CryptographicOperations.ZeroMemory(plaintext);
        return (Base64Url.EncodeToString(sealedState), Base64Url.EncodeToString(binding));
    }

    /// <summary>
    /// Opens a state posted with its cookie binding and marks it used; null when it is not one of ours, was altered,
    /// does not match the cookie, has expired or was used before.
    /// </summary>
    public async Task<(string SamlResponse, string ProviderArn)?> TakeAsync(string? state, string? binding, CancellationToken cancellationToken)
    {
        if (state is null || binding is null
            || Base64UrlStrict.Decode(state) is not { } sealedState || Base64UrlStrict.Decode(binding) is not { } bindingBytes
            || sealedState.Length < SealOverhead + ProviderOffset || sealedState[0] != Version)
        {
            return null;
        }

        var plaintext = new byte[sealedState.Length - SealOverhead];
        try
        {
            using var aes = new AesGcm(await KeyAsync(cancellationToken), TagLength);
            aes.Decrypt(sealedState.AsSpan(1, NonceLength), sealedState.AsSpan(1 + NonceLength, plaintext.Length),
                sealedState.AsSpan(^TagLength), plaintext, AssociatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        return await CheckAndConsumeAsync(plaintext, bindingBytes, cancellationToken);
    }

    private async Task<(string, string)?> CheckAndConsumeAsync(byte[] plaintext, byte[] binding, CancellationToken cancellationToken)
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(plaintext.AsSpan(ExpiresOffset)));
        var providerLength = BinaryPrimitives.ReadInt32BigEndian(plaintext.AsSpan(ProviderLengthOffset));
        var bound = CryptographicOperations.FixedTimeEquals(SHA256.HashData(binding), plaintext.AsSpan(HashOffset, HashLength));
        if (!bound || timeProvider.GetUtcNow() >= expires || providerLength < 0 || providerLength > plaintext.Length - ProviderOffset)
        {
            return null;
        }

        // The shared replay cache (the store), not memory: a state taken on one instance is spent on all of them.
        var id = Convert.ToHexString(plaintext.AsSpan(0, IdLength));
        if (!await replayCache.TryAddAsync("saml-signin:" + id, expires, cancellationToken))
        {
            return null;
        }

        return (Encoding.UTF8.GetString(plaintext.AsSpan(ProviderOffset + providerLength)),
            Encoding.UTF8.GetString(plaintext.AsSpan(ProviderOffset, providerLength)));
    }

    private ValueTask<byte[]> KeyAsync(CancellationToken cancellationToken) => keys.DeriveSubkeyAsync(Purpose, cancellationToken);
}
