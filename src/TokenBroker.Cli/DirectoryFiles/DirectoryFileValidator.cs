using System.Text.Json;
using TokenBroker.Policy;
using System.Text.RegularExpressions;
using TokenBroker.Core.Authentication.Saml;
using TokenBroker.Core.Authentication.WebIdentity;
using TokenBroker.Core.Model;

namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>
/// Checks the meaning of a directory file: ids, names, IAM limits, references between records, seeds and policy
/// documents. Every problem is reported as <c>file:line: message</c>; an empty list means the file may be applied.
/// </summary>
internal sealed partial class DirectoryFileValidator
{
    /// <summary>RFC 4226 §4 R6: the shared secret is at least 128 bits.</summary>
    public const int MinSeedBytes = 16;

    private const int MaxManagedPolicies = 20;
    private const int MaxTags = 50;

    private readonly FileErrors _errors;
    private readonly HashSet<string> _accessKeyIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _serials = new(StringComparer.Ordinal);

    private DirectoryFileValidator(FileErrors errors) => _errors = errors;

    /// <summary>Adds every problem in the file to <paramref name="errors"/>.</summary>
    public static void Validate(DirectoryFile file, FileErrors errors)
    {
        var validator = new DirectoryFileValidator(errors);
        var accountIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var account in file.Accounts)
        {
            if (!AccountId.TryParse(account.Id.Value, out var accountId))
            {
                errors.Add(account.Id.Line, $"'{account.Id.Value}' is not an account id: it must be exactly 12 digits.");
                continue;
            }

            if (!accountIds.Add(accountId.Value))
            {
                errors.Add(account.Id.Line, $"account {accountId} appears more than once.");
            }

            validator.ValidateAccount(accountId, account);
        }

        new ServiceCatalogValidator(errors).Validate(file.Services, accountIds);
    }

    private void ValidateAccount(AccountId account, AccountEntry entry)
    {
        var policyArns = entry.ManagedPolicies.Select(p => Arn.IamPolicy(account, p.Path.Value, p.Name.Value).ToString()).ToHashSet(StringComparer.Ordinal);
        var groupNames = entry.Groups.Select(g => g.Name.Value).ToHashSet(StringComparer.Ordinal);
        Unique(entry.ManagedPolicies.Select(p => p.Name), "managed policy");
        Unique(entry.Groups.Select(g => g.Name), "group");
        Unique(entry.Users.Select(u => u.Name), "user");
        Unique(entry.Roles.Select(r => r.Name), "role");

        foreach (var policy in entry.ManagedPolicies)
        {
            Name(policy.Name, 128, "managed policy");
            PathOf(policy.Path);
            PolicyDocument(policy.Document, PolicyKind.Identity);
        }

        foreach (var group in entry.Groups)
        {
            Name(group.Name, 128, "group");
            PathOf(group.Path);
            InlinePolicies(group.Policies);
            ManagedPolicyArns(group.ManagedPolicyArns, policyArns);
        }

        foreach (var user in entry.Users)
        {
            ValidateUser(account, user, groupNames, policyArns);
        }

        var providerHostPaths = entry.OidcProviders.Select(p => HostPath(p.Url.Value)).ToList();
        foreach (var role in entry.Roles)
        {
            ValidateRole(role, policyArns, providerHostPaths);
        }

        ValidateProviders(account, entry);
    }

    private void ValidateProviders(AccountId account, AccountEntry entry)
    {
        Unique(entry.SamlProviders.Select(p => p.Name), "SAML provider");
        foreach (var provider in entry.SamlProviders)
        {
            // IAM CreateSAMLProvider: Name is 1 to 128 characters of [\w._-].
            if (provider.Name.Value.Length > 128 || !SamlProviderName().IsMatch(provider.Name.Value))
            {
                _errors.Add(provider.Name.Line, $"SAML provider name '{provider.Name.Value}' must be 1 to 128 letters, digits or ._-.");
            }

            if (provider.Metadata is { } metadata)
            {
                foreach (var error in SamlMetadata.Parse(metadata.Value).Errors)
                {
                    _errors.Add(metadata.Line, $"SAML provider '{provider.Name.Value}': {error}");
                }
            }

            ValidateEncryption(provider);
        }

        var urls = new HashSet<string>(StringComparer.Ordinal);
        foreach (var provider in entry.OidcProviders)
        {
            if (!urls.Add(provider.Url.Value))
            {
                _errors.Add(provider.Url.Line, $"OIDC provider '{provider.Url.Value}' appears more than once.");
            }

            if (!OidcProvider.TryCreate(account, provider.Url.Value, provider.ClientIds.Value.Select(c => c.Value).ToList(),
                    provider.Thumbprints.Value.Select(t => t.Value).ToList(), out _, out var error, allowHttpLoopback: provider.AllowHttpLoopback.Value))
            {
                _errors.Add(provider.Url.Line, error!);
            }
        }
    }

    // IAM CreateSAMLProvider / UpdateSAMLProvider: AssertionEncryptionMode is Required or Allowed, each AddPrivateKey is
    // a PEM private key (RSA here, as RSA-OAEP key transport needs), and a provider holds at most two keys.
    private void ValidateEncryption(SamlProviderEntry provider)
    {
        var name = provider.Name.Value;
        var mode = provider.AssertionEncryptionMode;
        if (mode is { } given && given.Value is not (nameof(AssertionEncryptionMode.Required) or nameof(AssertionEncryptionMode.Allowed)))
        {
            _errors.Add(given.Line, $"SAML provider '{name}': 'assertionEncryptionMode' must be Required or Allowed.");
        }

        var keyIds = new HashSet<string>(StringComparer.Ordinal);
        var lines = new List<int>();
        foreach (var id in provider.PrivateKeyIds.Value)
        {
            lines.Add(id.Line);
            if (!PrivateKeyIdShape().IsMatch(id.Value))
            {
                _errors.Add(id.Line, $"SAML provider '{name}': '{id.Value}' is not a private key id (22 to 64 characters of A-Z and 0-9).");
            }
            else if (!keyIds.Add(id.Value))
            {
                _errors.Add(id.Line, $"SAML provider '{name}': private key {id.Value} appears more than once.");
            }
        }

        foreach (var file in provider.PrivateKeyFiles)
        {
            lines.Add(file.Line);
            if (file.Pem is null)
            {
                continue;
            }

            if (!SamlPrivateKey.TryImport(file.Pem, DateTimeOffset.UnixEpoch, out var key, out var error))
            {
                _errors.Add(file.Line, $"SAML provider '{name}': private key file '{file.Path}': {error}");
            }
            else if (!keyIds.Add(key.KeyId))
            {
                _errors.Add(file.Line, $"SAML provider '{name}': private key file '{file.Path}' holds key {key.KeyId}, which is already listed.");
            }
        }

        if (lines.Count > SamlProvider.MaxPrivateKeys)
        {
            _errors.Add(lines[SamlProvider.MaxPrivateKeys],
                $"SAML provider '{name}' has {lines.Count} private keys; a SAML provider can have at most {SamlProvider.MaxPrivateKeys}.");
        }

        if (mode?.Value == nameof(AssertionEncryptionMode.Required) && lines.Count == 0)
        {
            _errors.Add(mode.Value.Line, $"SAML provider '{name}': 'assertionEncryptionMode: Required' needs a private key in 'privateKeyFiles' or 'privateKeyIds'.");
        }
    }

    private void ValidateUser(AccountId account, UserEntry user, HashSet<string> groupNames, HashSet<string> policyArns)
    {
        Name(user.Name, 64, "user");
        PathOf(user.Path);
        InlinePolicies(user.Policies);
        ManagedPolicyArns(user.ManagedPolicyArns, policyArns);
        Boundary(user.PermissionsBoundary, policyArns);
        Tags(user.Tags);
        if (user.Groups.Value.Count > IamUser.MaxGroups)
        {
            _errors.Add(user.Groups.Line, $"user '{user.Name.Value}' is in {user.Groups.Value.Count} groups; a user can be in at most {IamUser.MaxGroups}.");
        }

        Unique(user.Groups.Value, "group membership");
        foreach (var group in user.Groups.Value.Where(g => !groupNames.Contains(g.Value)))
        {
            _errors.Add(group.Line, $"unknown group '{group.Value}': it is not defined in account {account}.");
        }

        if (user.AccessKeys.Value.Count > AccessKey.MaxPerUser)
        {
            _errors.Add(user.AccessKeys.Line, $"user '{user.Name.Value}' has {user.AccessKeys.Value.Count} access keys; a user can have at most {AccessKey.MaxPerUser}.");
        }

        foreach (var key in user.AccessKeys.Value)
        {
            AccessKeyOf(key);
        }

        foreach (var device in user.MfaDevices)
        {
            MfaDevice(account, device);
        }
    }

    private void ValidateRole(RoleEntry role, HashSet<string> policyArns, IReadOnlyCollection<string> providerHostPaths)
    {
        Name(role.Name, 64, "role");
        PathOf(role.Path);
        if (PolicyDocument(role.TrustPolicy, PolicyKind.Trust))
        {
            IdentityProviderControlsOf(role, providerHostPaths);
        }

        InlinePolicies(role.Policies);
        ManagedPolicyArns(role.ManagedPolicyArns, policyArns);
        Boundary(role.PermissionsBoundary, policyArns);
        Tags(role.Tags);
        var duration = role.MaxSessionDuration;
        if (duration.Value is < IamRole.MinMaxSessionDuration or > IamRole.MaxMaxSessionDuration)
        {
            _errors.Add(duration.Line, $"maxSessionDuration {duration.Value} is outside {IamRole.MinMaxSessionDuration}..{IamRole.MaxMaxSessionDuration} seconds.");
        }
    }

    private void AccessKeyOf(AccessKeyEntry key)
    {
        if (key.Id is { } id)
        {
            if (!id.StartsWith(AccessKeyId.LongTermPrefix, StringComparison.Ordinal) || !AccessKeyId.TryParse(id, out _))
            {
                _errors.Add(key.Line, $"'{id}' is not a long-term access key id: it must be AKIA followed by letters and digits, 16 to 128 characters in all.");
            }
            else if (!_accessKeyIds.Add(id))
            {
                _errors.Add(key.Line, $"access key '{id}' appears more than once.");
            }
        }

        // The secret is never echoed, not even in an error.
        if (key.Secret is { } secret && !SecretShape().IsMatch(secret))
        {
            _errors.Add(key.Line, "an access key secret must be 16 to 128 printable ASCII characters without spaces.");
        }
    }

    private void MfaDevice(AccountId account, MfaDeviceEntry device)
    {
        var serial = device.Serial;
        var match = MfaSerialShape().Match(serial.Value);
        if (!match.Success || match.Groups[1].Value != account.Value)
        {
            _errors.Add(serial.Line, $"MFA serial '{serial.Value}' must be arn:aws:iam::{account}:mfa/NAME.");
        }
        else if (!_serials.Add(serial.Value))
        {
            _errors.Add(serial.Line, $"MFA device '{serial.Value}' appears more than once.");
        }

        if (device.Seed is { } seed && (!Base32.TryDecode(seed.Value, out var bytes) || bytes.Length < MinSeedBytes))
        {
            _errors.Add(seed.Line, $"the seed of MFA device '{serial.Value}' must be base32 (RFC 4648) of at least {MinSeedBytes} bytes.");
        }
    }

    private void InlinePolicies(IReadOnlyList<PolicyEntry> policies)
    {
        Unique(policies.Select(p => p.Name), "policy");
        foreach (var policy in policies)
        {
            Name(policy.Name, 128, "policy");
            PolicyDocument(policy.Document, PolicyKind.Identity);
        }
    }

    /// <summary>
    /// IAM refuses to create a role, or to update its trust policy, when a statement trusting a recognised shared OIDC
    /// provider does not evaluate that provider's identity-provider control (id_roles_providers_oidc_secure-by-default).
    /// `directory apply` writes every role's trust policy, so every trust policy in the file is checked, not only
    /// changed ones: AWS leaves policies saved before the rule alone, this broker has no such policies to leave.
    /// </summary>
    private void IdentityProviderControlsOf(RoleEntry role, IReadOnlyCollection<string> providerHostPaths)
    {
        foreach (var problem in IdentityProviderControls.Check(role.TrustPolicy.Value, providerHostPaths))
        {
            _errors.Add(role.TrustPolicy.Line, $"MalformedPolicyDocument: the trust policy of role '{role.Name.Value}': {problem}");
        }
    }

    private static string HostPath(string url) => url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];

    /// <summary>
    /// The one place a policy document is checked: a JSON object, then the policy engine's grammar for its kind (managed
    /// policies are identity policies, also when used as boundaries or session policies), with IAM's wording. True when valid.
    /// </summary>
    private bool PolicyDocument(Located<string> document, PolicyKind kind)
    {
        try
        {
            using var parsed = JsonDocument.Parse(document.Value, PolicyJson.ReaderOptions);
            if (parsed.RootElement.ValueKind != JsonValueKind.Object)
            {
                _errors.Add(document.Line, "a policy document must be a JSON object.");
                return false;
            }
        }
        catch (JsonException exception)
        {
            _errors.Add(document.Line, "a policy document must be a JSON object: " + exception.Message);
            return false;
        }

        var errors = TokenBroker.Policy.PolicyDocument.Parse(document.Value, kind).Errors;
        foreach (var error in errors)
        {
            _errors.Add(document.Line, $"MalformedPolicyDocument: {error.Message} (at {error.Path})");
        }

        return errors.Count == 0;
    }

    private void ManagedPolicyArns(IReadOnlyList<Located<string>> arns, HashSet<string> defined)
    {
        Unique(arns, "managed policy ARN");
        if (arns.Count > MaxManagedPolicies)
        {
            _errors.Add(arns[MaxManagedPolicies].Line, $"at most {MaxManagedPolicies} managed policies can be attached.");
        }

        foreach (var arn in arns)
        {
            KnownPolicy(arn, defined);
        }
    }

    private void Boundary(Located<string>? boundary, HashSet<string> defined)
    {
        if (boundary is { } arn)
        {
            KnownPolicy(arn, defined);
        }
    }

    // Only customer managed policies of the same account can be attached (AWS managed policies are not served).
    private void KnownPolicy(Located<string> arn, HashSet<string> defined)
    {
        if (!defined.Contains(arn.Value))
        {
            _errors.Add(arn.Line, $"unknown managed policy '{arn.Value}': it is not defined in this account's managedPolicies.");
        }
    }

    private void Tags(Located<IReadOnlyList<TagEntry>> tags)
    {
        if (tags.Value.Count > MaxTags)
        {
            _errors.Add(tags.Line, $"at most {MaxTags} tags are allowed.");
        }

        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var tag in tags.Value)
        {
            if (tag.Key.Length is 0 or > 128 || !TagText().IsMatch(tag.Key) || tag.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                _errors.Add(tag.Line, $"tag key '{tag.Key}' must be 1 to 128 letters, digits, spaces or _.:/=+-@, not starting with aws:.");
            }
            else if (!keys.Add(tag.Key))
            {
                _errors.Add(tag.Line, $"tag key '{tag.Key}' appears more than once (tag keys ignore case).");
            }

            if (tag.Value.Length > 256 || (tag.Value.Length > 0 && !TagText().IsMatch(tag.Value)))
            {
                _errors.Add(tag.Line, $"the value of tag '{tag.Key}' must be at most 256 letters, digits, spaces or _.:/=+-@.");
            }
        }
    }

    private void Name(Located<string> name, int maxLength, string what)
    {
        if (name.Value.Length > maxLength || !NameShape().IsMatch(name.Value))
        {
            _errors.Add(name.Line, $"{what} name '{name.Value}' must be 1 to {maxLength} letters, digits or +=,.@_-.");
        }
    }

    private void PathOf(Located<string> path)
    {
        if (path.Value.Length > 512 || !PathShape().IsMatch(path.Value))
        {
            _errors.Add(path.Line, $"path '{path.Value}' must be '/' or start and end with '/' (at most 512 printable ASCII characters).");
        }
    }

    // IAM names ignore case: "PRODROLE" and "prodrole" cannot both exist.
    private void Unique(IEnumerable<Located<string>> names, string what)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names.Where(n => !seen.Add(n.Value)))
        {
            _errors.Add(name.Line, $"{what} '{name.Value}' appears more than once (names ignore case).");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9+=,.@_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NameShape();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SamlProviderName();

    // IAM RemovePrivateKey: a key id is 22 to 64 characters of [A-Z0-9].
    [GeneratedRegex(@"^[A-Z0-9]{22,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKeyIdShape();

    [GeneratedRegex(@"^(/|/[\u0021-\u007E]+/)$", RegexOptions.CultureInvariant)]
    private static partial Regex PathShape();

    [GeneratedRegex(@"^[\u0021-\u007E]{16,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretShape();

    [GeneratedRegex(@"^arn:aws:iam::([0-9]{12}):mfa/[A-Za-z0-9+=/,.@_-]{1,512}$", RegexOptions.CultureInvariant)]
    private static partial Regex MfaSerialShape();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TagText();
}
