using System.Globalization;
using System.Security.Cryptography;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Ports;

namespace TokenBroker.Core.Outbound;

/// <summary>
/// The issuer's signing keys. Time is cut into slots of <see cref="RotationInterval"/>; slot n has one key per
/// algorithm, created by whichever instance first needs it and stored sealed under the directory data key (first
/// writer wins) with a certificate signed by the root key (one root-key call per key, checked by every instance that
/// loads it), so every instance signs with and publishes the same keys. A key is published from the start of the
/// slot before its own (clients that cache the JWKS learn it before it signs anything) until the last token it signed
/// has expired plus <see cref="ClockSkew"/>. Signing a token reads only memory: 0 KMS and 0 store calls once warm.
/// </summary>
public sealed class OidcSigningKeys(
    SecretAccessKeyDeriver dataKey, IKeyRing keyRing, IKeyRecordStore records, TimeProvider timeProvider, TimeSpan? rotationInterval = null)
    : IDisposable
{
    /// <summary>The longest a token may live (GetWebIdentityToken DurationSeconds maximum).</summary>
    public static readonly TimeSpan MaxTokenLifetime = TimeSpan.FromSeconds(3600);

    /// <summary>How long a key stays published after its last token expired, for verifiers whose clocks run behind.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private const string SealPurpose = "oidc-signing-key";
    private const string RecordPrefix = "oidc/signing-key/v2/";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(string Algorithm, long Slot), OidcSigningKey> _keys = [];
    private volatile SecretBox? _box;
    private byte[]? _rootPublicKey;

    /// <summary>How long each key signs; at least two hours, so a key is published an interval ahead of its use.</summary>
    public TimeSpan RotationInterval { get; } = rotationInterval is { } interval && interval >= TimeSpan.FromHours(2)
        ? interval
        : rotationInterval is null ? TimeSpan.FromDays(1) : throw new ArgumentOutOfRangeException(nameof(rotationInterval));

    /// <summary>The key that signs tokens of <paramref name="algorithm"/> issued now.</summary>
    public async ValueTask<OidcSigningKey> GetSigningKeyAsync(string algorithm, CancellationToken cancellationToken)
    {
        var slot = SlotOf(timeProvider.GetUtcNow());
        lock (_keys)
        {
            if (_keys.TryGetValue((algorithm, slot), out var cached))
            {
                return cached;
            }
        }

        return await LoadAsync(algorithm, slot, cancellationToken);
    }

    /// <summary>Every key a verifier may need now, ordered by algorithm then slot: the previous while its tokens live, the current and the next.</summary>
    public async Task<IReadOnlyList<OidcSigningKey>> GetPublishedKeysAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var slot = SlotOf(now);
        var slots = new List<long>(3);
        if (now < StartOf(slot) + MaxTokenLifetime + ClockSkew)
        {
            slots.Add(slot - 1);
        }

        slots.Add(slot);
        slots.Add(slot + 1);
        var keys = new List<OidcSigningKey>();
        foreach (var algorithm in SigningAlgorithms.All)
        {
            foreach (var s in slots)
            {
                keys.Add(await GetAsync(algorithm, s, cancellationToken));
            }
        }

        Forget(slot - 1);
        return keys;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _gate.Dispose();
        _box?.Dispose();
        lock (_keys)
        {
            foreach (var key in _keys.Values)
            {
                key.Dispose();
            }

            _keys.Clear();
        }
    }

    private long SlotOf(DateTimeOffset time) => (long)Math.Floor((time - DateTimeOffset.UnixEpoch) / RotationInterval);

    private DateTimeOffset StartOf(long slot) => DateTimeOffset.UnixEpoch + (RotationInterval * slot);

    private async ValueTask<OidcSigningKey> GetAsync(string algorithm, long slot, CancellationToken cancellationToken)
    {
        lock (_keys)
        {
            if (_keys.TryGetValue((algorithm, slot), out var cached))
            {
                return cached;
            }
        }

        return await LoadAsync(algorithm, slot, cancellationToken);
    }

    private async Task<OidcSigningKey> LoadAsync(string algorithm, long slot, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            lock (_keys)
            {
                if (_keys.TryGetValue((algorithm, slot), out var cached))
                {
                    return cached;
                }
            }

            var box = _box ??= new SecretBox(await dataKey.DeriveSubkeyAsync(SealPurpose, cancellationToken));
            var slotText = slot.ToString(CultureInfo.InvariantCulture);
            var name = RecordPrefix + algorithm + "/" + slotText;
            var (useFrom, useUntil) = (StartOf(slot), StartOf(slot + 1));
            var stored = await records.GetAsync(name, cancellationToken)
                ?? await CreateAsync(name, box, algorithm, slot, useFrom, useUntil, cancellationToken);
            if (!OidcKeyRecord.TryDecode(stored, out var sealedKey, out var certificate, out var rootSignature))
            {
                throw new CryptographicException($"The stored {algorithm} issuer signing key of slot {slotText} is malformed.");
            }

            var opened = box.Open(sealedKey, SealPurpose, algorithm, slotText);
            OidcSigningKey key;
            try
            {
                key = OidcSigningKey.Import(algorithm, opened, useFrom, useUntil);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(opened);
            }

            try
            {
                _rootPublicKey ??= await keyRing.GetRootPublicKeyAsync(cancellationToken);
                OidcKeyRecord.Verify(key, slot, keyRing.RootKeyId, _rootPublicKey, certificate, rootSignature);
            }
            catch
            {
                key.Dispose();
                throw;
            }

            lock (_keys)
            {
                _keys[(algorithm, slot)] = key;
            }

            return key;
        }
        finally
        {
            _gate.Release();
        }
    }

    // A new key, certified by the root key and sealed under the data key; another instance's key wins if it stored one first.
    private async Task<byte[]> CreateAsync(
        string name, SecretBox box, string algorithm, long slot, DateTimeOffset useFrom, DateTimeOffset useUntil, CancellationToken cancellationToken)
    {
        using var created = OidcSigningKey.Create(algorithm, useFrom, useUntil);
        var certificate = OidcKeyRecord.CertificateBody(algorithm, slot, created.ExportSubjectPublicKeyInfo(), keyRing.RootKeyId);
        var rootSignature = await keyRing.SignAsync(certificate, cancellationToken);
        var pkcs8 = created.ExportPkcs8();
        try
        {
            var sealedKey = box.Seal(pkcs8, SealPurpose, algorithm, slot.ToString(CultureInfo.InvariantCulture));
            return await records.GetOrCreateAsync(name, OidcKeyRecord.Encode(sealedKey, certificate, rootSignature), cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    // Keys older than the previous slot are never published again; drop them from memory. Their records stay (write-once store).
    private void Forget(long previousSlot)
    {
        lock (_keys)
        {
            foreach (var old in _keys.Keys.Where(k => k.Slot < previousSlot).ToList())
            {
                _keys.Remove(old, out var key);
                key?.Dispose();
            }
        }
    }
}
