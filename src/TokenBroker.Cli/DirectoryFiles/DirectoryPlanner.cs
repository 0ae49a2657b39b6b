using TokenBroker.Core.Authentication.Saml;
using TokenBroker.Core.Model;

namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>
/// Turns a validated directory file into the directory to write, keeping what already exists: ids of users, groups,
/// roles and policies are kept by name; access keys by id, and keys written without an id are matched to the user's
/// existing keys that the file does not name; MFA seeds are kept by serial number; SAML private keys by key id. Keys and
/// MFA devices created through the IAM API stay as they are unless the file names them by id or serial (docs/iam.md).
/// </summary>
internal sealed class DirectoryPlanner
{
    private readonly DirectorySnapshot _current;
    private readonly DateTimeOffset _now;
    private readonly FileErrors _errors;
    private readonly Dictionary<string, AccessKey> _keysById;
    private readonly Dictionary<string, MfaDevice> _devicesBySerial;
    private readonly HashSet<string> _namedKeyIds;
    private readonly HashSet<string> _namedSerials;
    private readonly List<NewAccessKey> _newKeys = [];

    private DirectoryPlanner(DirectoryFile file, DirectorySnapshot current, DateTimeOffset now)
    {
        _current = current;
        _now = now;
        _errors = new FileErrors(file.FileName);
        _keysById = current.Accounts.SelectMany(a => a.AccessKeys).ToDictionary(k => k.AccessKeyId.Value, StringComparer.Ordinal);
        _devicesBySerial = current.Accounts.SelectMany(a => a.MfaDevices).ToDictionary(d => d.SerialNumber, StringComparer.Ordinal);
        _namedKeyIds = file.Accounts.SelectMany(a => a.Users).SelectMany(u => u.AccessKeys.Value)
            .Select(k => k.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        _namedSerials = file.Accounts.SelectMany(a => a.Users).SelectMany(u => u.MfaDevices)
            .Select(d => d.Serial.Value).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Plans applying <paramref name="file"/> (already validated) over <paramref name="current"/>.</summary>
    public static ApplyPlan Plan(DirectoryFile file, DirectorySnapshot current, TimeProvider time)
    {
        var planner = new DirectoryPlanner(file, current, time.GetUtcNow());
        var (services, newProxyKeys) = ServicePlanner.Plan(file.Services, current);
        var desired = new DirectorySnapshot(file.Accounts.Select(planner.PlanAccount).ToList()) { Services = services };

        // The stores' own check, run on the plan so that a file the file validator let through is refused before any write.
        var errors = planner._errors.All.Concat(DirectorySnapshotValidator.Problems(desired).Select(p => $"{file.FileName}: {p}")).ToList();
        return new ApplyPlan(desired, planner._newKeys, DirectoryDiff.Describe(current, desired), errors) { NewProxyKeys = newProxyKeys };
    }

    private AccountSnapshot PlanAccount(AccountEntry entry)
    {
        var account = AccountId.Parse(entry.Id.Value);
        var existing = _current.Accounts.FirstOrDefault(a => a.Id == account);
        var users = entry.Users.Select(u => PlanUser(account, u, existing)).ToList();
        return new AccountSnapshot(
            account,
            users,
            entry.Users.SelectMany(u => PlanAccessKeys(account, u, existing)).ToList(),
            [.. entry.Users.SelectMany(u => PlanMfaDevices(account, u)), .. KeptApiDevices(entry, existing)],
            entry.Groups.Select(g => new IamGroup(account, g.Name.Value,
                existing?.Groups.FirstOrDefault(x => x.GroupName == g.Name.Value)?.GroupId ?? Identifiers.NewGroupId(),
                g.Path.Value, Policies(g.Policies), Values(g.ManagedPolicyArns))).ToList(),
            entry.ManagedPolicies.Select(p => new ManagedPolicy(account, p.Name.Value,
                existing?.ManagedPolicies.FirstOrDefault(x => x.PolicyName == p.Name.Value)?.PolicyId ?? Identifiers.NewPolicyId(),
                p.Path.Value, p.Document.Value)).ToList(),
            entry.Roles.Select(r => PlanRole(account, r, existing)).ToList(),
            entry.SamlProviders.Select(p => PlanSamlProvider(account, p, existing)).ToList(),
            entry.OidcProviders.Select(p => OidcProvider.Create(account, p.Url.Value, Values(p.ClientIds.Value), Values(p.Thumbprints.Value),
                allowHttpLoopback: p.AllowHttpLoopback.Value)).ToList(),
            // Set through the IAM API (EnableOutboundWebIdentityFederation) and kept unless the file names the field.
            entry.OutboundWebIdentityFederation?.Value ?? existing?.OutboundWebIdentityFederation ?? false);
    }

    // The metadata and key files were validated. Keys named by id are kept from the stored provider of the same name;
    // a key keeps the Timestamp of its first upload, so applying the same file again changes nothing.
    private SamlProvider PlanSamlProvider(AccountId account, SamlProviderEntry entry, AccountSnapshot? existing)
    {
        var metadata = SamlMetadata.Parse(entry.Metadata!.Value.Value);
        var stored = existing?.SamlProviders.FirstOrDefault(x => x.Name == entry.Name.Value)?.PrivateKeyList ?? [];
        var keys = new List<SamlPrivateKey>();
        foreach (var id in entry.PrivateKeyIds.Value)
        {
            if (stored.FirstOrDefault(k => k.KeyId == id.Value) is { } kept)
            {
                keys.Add(kept);
            }
            else
            {
                _errors.Add(id.Line, $"SAML provider '{entry.Name.Value}' holds no private key {id.Value}; give the key's file in 'privateKeyFiles'.");
            }
        }

        foreach (var file in entry.PrivateKeyFiles)
        {
            SamlPrivateKey.TryImport(file.Pem!, _now, out var key, out _);
            keys.Add(stored.FirstOrDefault(k => k.KeyId == key!.KeyId) is { } previous ? key! with { Timestamp = previous.Timestamp } : key!);
        }

        return new SamlProvider(account, entry.Name.Value, metadata.EntityId!, metadata.SigningCertificates, entry.AllowSha1.Value)
        {
            AssertionEncryptionMode = entry.AssertionEncryptionMode?.Value == nameof(AssertionEncryptionMode.Required)
                ? AssertionEncryptionMode.Required
                : AssertionEncryptionMode.Allowed,
            PrivateKeyList = keys,
        };
    }

    private static IamUser PlanUser(AccountId account, UserEntry entry, AccountSnapshot? existing) => new(
        account,
        entry.Name.Value,
        existing?.Users.FirstOrDefault(x => x.UserName == entry.Name.Value)?.UserId ?? Identifiers.NewUserId(),
        entry.Path.Value,
        Policies(entry.Policies),
        Values(entry.ManagedPolicyArns),
        Values(entry.Groups.Value),
        entry.PermissionsBoundary?.Value,
        Tags(entry.Tags.Value));

    private static IamRole PlanRole(AccountId account, RoleEntry entry, AccountSnapshot? existing) => new(
        account,
        entry.Name.Value,
        existing?.Roles.FirstOrDefault(x => x.RoleName == entry.Name.Value)?.RoleId ?? Identifiers.NewRoleId(),
        entry.Path.Value,
        entry.TrustPolicy.Value,
        Policies(entry.Policies),
        Values(entry.ManagedPolicyArns),
        entry.MaxSessionDuration.Value,
        entry.PermissionsBoundary?.Value,
        Tags(entry.Tags.Value));

    private List<AccessKey> PlanAccessKeys(AccountId account, UserEntry user, AccountSnapshot? existing)
    {
        var userName = user.Name.Value;

        // Keys of this user that the file does not name by id: the candidates for entries written without an id.
        var unnamed = new Queue<AccessKey>(existing?.AccessKeys.Where(k => k.UserName == userName && !_namedKeyIds.Contains(k.AccessKeyId.Value)
            && k.Origin == CredentialOrigin.File) ?? []);
        var keys = new List<AccessKey>();
        foreach (var entry in user.AccessKeys.Value)
        {
            AccessKey? previous = null;
            if (entry.Id is { } id)
            {
                _keysById.TryGetValue(id, out previous);
            }
            else
            {
                unnamed.TryDequeue(out previous);
            }

            var keyId = previous?.AccessKeyId ?? (entry.Id is { } given ? AccessKeyId.Parse(given) : Identifiers.NewLongTermAccessKeyId(account));
            var secret = entry.Secret ?? previous?.SecretAccessKey;
            if (secret is null)
            {
                secret = Identifiers.NewSecretAccessKey();
                _newKeys.Add(new NewAccessKey(Arn.IamUser(account, user.Path.Value, userName), keyId, secret));
            }

            keys.Add(new AccessKey(keyId, account, userName, secret, entry.Status, previous?.CreatedAt ?? _now));
        }

        // The API's keys of this user that the file does not name stay exactly as they are.
        var kept = existing?.AccessKeys.Where(k => k.UserName == userName && k.Origin == CredentialOrigin.Api
            && !_namedKeyIds.Contains(k.AccessKeyId.Value)).ToList() ?? [];
        if (keys.Count + kept.Count > AccessKey.MaxPerUser)
        {
            _errors.Add(user.AccessKeys.Line, $"User '{userName}' would have {keys.Count + kept.Count} access keys: the IAM API created "
                + $"{string.Join(", ", kept.Select(k => k.AccessKeyId.Value))}, which apply keeps; name it in 'accessKeys' by id, or delete it "
                + "with `aws iam delete-access-key`.");
        }

        keys.AddRange(kept);
        return keys;
    }

    // The API's devices that the file does not name stay: unassigned ones as they are, and assigned ones while their user
    // stays in the file (a user the file removes has no devices left, so theirs become unassigned).
    private IEnumerable<MfaDevice> KeptApiDevices(AccountEntry entry, AccountSnapshot? existing)
    {
        var users = entry.Users.Select(u => u.Name.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var device in existing?.MfaDevices ?? [])
        {
            if (device.Origin != CredentialOrigin.Api || _namedSerials.Contains(device.SerialNumber))
            {
                continue;
            }

            yield return device.UserName is null || users.Contains(device.UserName) ? device : device with { UserName = null, EnableDate = null };
        }
    }

    private List<MfaDevice> PlanMfaDevices(AccountId account, UserEntry user)
    {
        var devices = new List<MfaDevice>();
        foreach (var entry in user.MfaDevices)
        {
            byte[]? seed = null;
            if (entry.Seed is { } text)
            {
                Base32.TryDecode(text.Value, out seed);
            }
            else if (_devicesBySerial.TryGetValue(entry.Serial.Value, out var previous))
            {
                seed = previous.Seed;
            }
            else
            {
                _errors.Add(entry.Serial.Line, $"MFA device '{entry.Serial.Value}' is new, so it needs a 'seed'.");
                continue;
            }

            devices.Add(new MfaDevice(entry.Serial.Value, account, user.Name.Value, seed));
        }

        return devices;
    }

    private static List<InlinePolicy> Policies(IReadOnlyList<PolicyEntry> policies) =>
        policies.Select(p => new InlinePolicy(p.Name.Value, p.Document.Value)).ToList();

    private static List<string> Values(IReadOnlyList<Located<string>> values) => values.Select(v => v.Value).ToList();

    private static List<Tag> Tags(IReadOnlyList<TagEntry> tags) => tags.Select(t => new Tag(t.Key, t.Value)).ToList();
}
