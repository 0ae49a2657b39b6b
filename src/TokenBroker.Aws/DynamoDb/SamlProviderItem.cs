using System.Text.Json.Serialization;
using TokenBroker.Core.Model;

namespace TokenBroker.Aws.DynamoDb;

/// <summary>
/// The stored form of a <see cref="SamlProvider"/> in the <c>data</c> attribute: everything but the private keys,
/// whose ids and timestamps are listed here and whose key material is sealed into the item's <c>secrets</c>.
/// Items written before encryption existed read as mode Allowed with no keys.
/// </summary>
internal sealed record SamlProviderItem(
    AccountId Account,
    string Name,
    string EntityId,
    IReadOnlyList<byte[]> SigningCertificates,
    bool AllowSha1,
    [property: JsonConverter(typeof(JsonStringEnumConverter<AssertionEncryptionMode>))] AssertionEncryptionMode AssertionEncryptionMode,
    IReadOnlyList<SamlPrivateKeyItem>? PrivateKeyList)
{
    public static SamlProviderItem From(SamlProvider provider) => new(
        provider.Account, provider.Name, provider.EntityId, provider.SigningCertificates, provider.AllowSha1, provider.AssertionEncryptionMode,
        provider.PrivateKeyList.Select(k => new SamlPrivateKeyItem(k.KeyId, k.Timestamp)).ToList());

    /// <summary>The provider, with each listed key's material from <paramref name="privateKeys"/> (same order).</summary>
    public SamlProvider ToProvider(IReadOnlyList<byte[]> privateKeys) =>
        new SamlProvider(Account, Name, EntityId, SigningCertificates, AllowSha1)
        {
            AssertionEncryptionMode = AssertionEncryptionMode,
            PrivateKeyList = (PrivateKeyList ?? []).Select((k, i) => new SamlPrivateKey(k.KeyId, k.Timestamp, privateKeys[i])).ToList(),
        };
}
