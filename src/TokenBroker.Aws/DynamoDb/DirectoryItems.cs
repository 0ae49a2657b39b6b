using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.DynamoDBv2.Model;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Model;

namespace TokenBroker.Aws.DynamoDb;

/// <summary>
/// How directory records become items of one snapshot partition (<c>pk = DIRECTORY#version</c>): the sort key names
/// the record, <c>data</c> holds it as JSON, <c>secret</c> its sealed secret (<c>secrets</c> for a SAML provider's
/// private keys), <c>ordinal</c> its place for export. Without a secret box (<see cref="WithoutSecrets"/>) it reads
/// records with their secrets left empty, for showing the directory while KMS is down, and writes nothing.
/// </summary>
internal sealed class DirectoryItems(SecretBox? secrets)
{
    public const string AccessKeyPurpose = "access-key-secret";
    public const string MfaSeedPurpose = "mfa-seed";
    public const string SamlPrivateKeyPurpose = "saml-private-key";

    /// <summary>The account item's flag for outbound web identity federation; absent means off.</summary>
    private const string OutboundAttribute = "outboundWebIdentityFederation";

    /// <summary>Reads records with empty secrets (access-key secrets, MFA seeds, SAML private keys); never to serve or write.</summary>
    public static DirectoryItems WithoutSecrets => new(null);

    public static string Partition(string version) => "DIRECTORY#" + version;

    public static string AccountKey(AccountId account) => "ACCOUNT#" + account.Value;

    public static string UserKey(AccountId account, string name) => $"USER#{account.Value}#{name}";

    public static string GroupKey(AccountId account, string name) => $"GROUP#{account.Value}#{name}";

    public static string RoleKey(AccountId account, string name) => $"ROLE#{account.Value}#{name}";

    public static string PolicyKey(string arn) => "POLICY#" + arn;

    public static string AccessKeyKey(AccessKeyId id) => "KEY#" + id.Value;

    public static string MfaKey(string serial) => "MFA#" + serial;

    public static string SamlProviderKey(string arn) => "SAML#" + arn;

    public static string OidcProviderKey(AccountId account, string url) => $"OIDC#{account.Value}#{url}";

    public static string ServiceKey(string prefix) => "SERVICE#" + prefix;

    /// <summary>Every item of a snapshot, in the snapshot's order.</summary>
    public List<Dictionary<string, AttributeValue>> ToItems(string version, DirectorySnapshot snapshot)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        void Add(string sk, string? data, byte[]? secret = null)
        {
            var item = DynamoDbTable.Key(Partition(version), sk);
            item["ordinal"] = new AttributeValue { N = items.Count.ToString(CultureInfo.InvariantCulture) };
            if (data is not null)
            {
                item["data"] = new AttributeValue { S = data };
            }

            if (secret is not null)
            {
                item["secret"] = new AttributeValue { B = new MemoryStream(secret) };
            }

            items.Add(item);
        }

        foreach (var account in snapshot.Accounts)
        {
            Add(AccountKey(account.Id), null);
            if (account.OutboundWebIdentityFederation)
            {
                items[^1][OutboundAttribute] = new AttributeValue { BOOL = true };
            }

            account.Users.ToList().ForEach(u => Add(UserKey(u.Account, u.UserName), Json(u, ModelJsonContext.Default.IamUser)));
            account.Groups.ToList().ForEach(g => Add(GroupKey(g.Account, g.GroupName), Json(g, ModelJsonContext.Default.IamGroup)));
            account.Roles.ToList().ForEach(r => Add(RoleKey(r.Account, r.RoleName), Json(r, ModelJsonContext.Default.IamRole)));
            account.ManagedPolicies.ToList().ForEach(p => Add(PolicyKey(p.Arn.ToString()), Json(p, ModelJsonContext.Default.ManagedPolicy)));
            foreach (var key in account.AccessKeys)
            {
                var sealedSecret = Seal(Encoding.UTF8.GetBytes(key.SecretAccessKey), AccessKeyPurpose, key.AccessKeyId.Value, key.Account.Value, key.UserName);
                Add(AccessKeyKey(key.AccessKeyId), Json(key with { SecretAccessKey = "" }, ModelJsonContext.Default.AccessKey), sealedSecret);
            }

            foreach (var provider in account.SamlProviders)
            {
                Add(SamlProviderKey(provider.Arn.ToString()), Json(SamlProviderItem.From(provider), ModelJsonContext.Default.SamlProviderItem));
                if (provider.PrivateKeyList.Count > 0)
                {
                    items[^1]["secrets"] = new AttributeValue
                    {
                        L = provider.PrivateKeyList.Select(k => new AttributeValue { B = new MemoryStream(SealPrivateKey(provider, k)) }).ToList(),
                    };
                }
            }

            account.OidcProviders.ToList().ForEach(p => Add(OidcProviderKey(p.Account, p.Url), Json(OidcProviderItem.From(p), ModelJsonContext.Default.OidcProviderItem)));
            foreach (var device in account.MfaDevices)
            {
                var sealedSeed = Seal(device.Seed, MfaSeedPurpose, device.SerialNumber, device.Account.Value, device.UserName ?? "");
                Add(MfaKey(device.SerialNumber), Json(device with { Seed = [] }, ModelJsonContext.Default.MfaDevice), sealedSeed);
            }
        }

        // After every account, so that reading them back never needs an account item first.
        snapshot.Services.ToList().ForEach(service => Add(ServiceKey(service.Prefix), ServiceCatalogJson.Write(service)));
        return items;
    }

    /// <summary>The snapshot the items of one partition hold, in the order it was written.</summary>
    public DirectorySnapshot ToSnapshot(IEnumerable<Dictionary<string, AttributeValue>> items)
    {
        var ordered = items.OrderBy(i => long.Parse(i["ordinal"].N, CultureInfo.InvariantCulture)).ToList();
        var accounts = new List<AccountSnapshot>();
        var services = new List<ServiceCatalog>();
        foreach (var item in ordered)
        {
            var sk = item[DynamoDbTable.SortKey].S;
            var kind = sk[..sk.IndexOf('#', StringComparison.Ordinal)];
            if (kind == "SERVICE")
            {
                services.Add(ServiceCatalogJson.Read(item["data"].S));
                continue;
            }

            if (kind == "ACCOUNT")
            {
                var outbound = item.TryGetValue(OutboundAttribute, out var flag) && flag.BOOL == true;
                accounts.Add(new AccountSnapshot(AccountId.Parse(sk["ACCOUNT#".Length..]), [], [], [], [], [], [], [], [], outbound));
                continue;
            }

            var current = accounts[^1];
            accounts[^1] = kind switch
            {
                "USER" => current with { Users = [.. current.Users, ReadUser(item)] },
                "GROUP" => current with { Groups = [.. current.Groups, Read(item, ModelJsonContext.Default.IamGroup)] },
                "ROLE" => current with { Roles = [.. current.Roles, ReadRole(item)] },
                "POLICY" => current with { ManagedPolicies = [.. current.ManagedPolicies, Read(item, ModelJsonContext.Default.ManagedPolicy)] },
                "KEY" => current with { AccessKeys = [.. current.AccessKeys, ReadAccessKey(item)] },
                "MFA" => current with { MfaDevices = [.. current.MfaDevices, ReadMfaDevice(item)] },
                "SAML" => current with { SamlProviders = [.. current.SamlProviders, ReadSamlProvider(item)] },
                "OIDC" => current with { OidcProviders = [.. current.OidcProviders, ReadOidcProvider(item)] },
                _ => throw new InvalidDataException($"Unknown directory item kind {kind}."),
            };
        }

        return new DirectorySnapshot(accounts) { Services = services };
    }

    public static IamUser ReadUser(Dictionary<string, AttributeValue> item) => Read(item, ModelJsonContext.Default.IamUser);

    public static IamGroup ReadGroup(Dictionary<string, AttributeValue> item) => Read(item, ModelJsonContext.Default.IamGroup);

    public static IamRole ReadRole(Dictionary<string, AttributeValue> item) => Read(item, ModelJsonContext.Default.IamRole);

    public SamlProvider ReadSamlProvider(Dictionary<string, AttributeValue> item)
    {
        var stored = Read(item, ModelJsonContext.Default.SamlProviderItem);
        var listed = stored.PrivateKeyList ?? [];
        var sealedKeys = item.TryGetValue("secrets", out var attribute) && attribute.L is { } values ? values : [];
        if (sealedKeys.Count != listed.Count)
        {
            throw new InvalidDataException($"SAML provider {stored.Name} lists {listed.Count} private keys but holds {sealedKeys.Count}.");
        }

        return stored.ToProvider(listed
            .Select((key, i) => Open(sealedKeys[i].B.ToArray(), SamlPrivateKeyPurpose, stored.Account.Value, stored.Name, key.KeyId))
            .ToList());
    }

    private byte[] SealPrivateKey(SamlProvider provider, SamlPrivateKey key) =>
        Seal(key.PrivateKey, SamlPrivateKeyPurpose, provider.Account.Value, provider.Name, key.KeyId);

    public static OidcProvider ReadOidcProvider(Dictionary<string, AttributeValue> item) => Read(item, ModelJsonContext.Default.OidcProviderItem).ToProvider();

    public static ManagedPolicy ReadPolicy(Dictionary<string, AttributeValue> item) => Read(item, ModelJsonContext.Default.ManagedPolicy);

    public AccessKey ReadAccessKey(Dictionary<string, AttributeValue> item)
    {
        var key = Read(item, ModelJsonContext.Default.AccessKey);
        var secret = Open(item["secret"].B.ToArray(), AccessKeyPurpose, key.AccessKeyId.Value, key.Account.Value, key.UserName);
        return key with { SecretAccessKey = Encoding.UTF8.GetString(secret) };
    }

    public MfaDevice ReadMfaDevice(Dictionary<string, AttributeValue> item)
    {
        var device = Read(item, ModelJsonContext.Default.MfaDevice);
        return device with { Seed = Open(item["secret"].B.ToArray(), MfaSeedPurpose, device.SerialNumber, device.Account.Value, device.UserName ?? "") };
    }

    private byte[] Seal(ReadOnlySpan<byte> plaintext, string purpose, params ReadOnlySpan<string> rowKey) =>
        secrets is not null
            ? secrets.Seal(plaintext, purpose, rowKey)
            : throw new InvalidOperationException("A directory read without its secrets cannot be written.");

    private byte[] Open(byte[] sealedBytes, string purpose, params ReadOnlySpan<string> rowKey) =>
        secrets is not null ? secrets.Open(sealedBytes, purpose, rowKey) : [];

    private static string Json<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.Serialize(value, typeInfo);

    private static T Read<T>(Dictionary<string, AttributeValue> item, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(item["data"].S, typeInfo) ?? throw new InvalidDataException("A directory item holds null.");
}
