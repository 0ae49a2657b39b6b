using TokenBroker.Core.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>
/// Reads a directory file into <see cref="DirectoryFile"/>: YAML syntax, the allowed fields and their types. Meaning
/// (ids, limits, references) is checked afterwards by <see cref="DirectoryFileValidator"/>.
/// </summary>
internal sealed class DirectoryFileReader
{
    // IdP metadata is a few kilobytes; the limit keeps a wrong path (a log, a disk image) from being read whole. A
    // private key file is held to IAM's AddPrivateKey limit.
    private const int MaxMetadataFileBytes = 1_000_000;

    private readonly YamlFieldReader _fields;
    private readonly string _baseFolder;

    private DirectoryFileReader(FileErrors errors, string baseFolder)
    {
        _fields = new YamlFieldReader(errors);
        _baseFolder = baseFolder;
    }

    /// <summary>The parsed file, or null when the YAML is unreadable; shape errors are added to <paramref name="errors"/>.</summary>
    public static DirectoryFile? Read(string fileName, string text, string baseFolder, FileErrors errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException exception)
        {
            errors.Add(checked((int)exception.Start.Line), "invalid YAML: " + (exception.InnerException?.Message ?? exception.Message));
            return null;
        }

        if (stream.Documents.Count != 1)
        {
            errors.Add(1, stream.Documents.Count == 0 ? "the file is empty; it must start with 'accounts:'." : "the file must hold exactly one YAML document.");
            return null;
        }

        var reader = new DirectoryFileReader(errors, baseFolder);
        var root = stream.Documents[0].RootNode;
        var fields = reader._fields.Fields(root, "the directory file", "accounts");

        // A bare "accounts:" (null) or a file without it reads as no accounts at all; applying that would delete the
        // whole directory, so it must be written out: "accounts: []" (and applying it needs --allow-destructive).
        if (root is YamlMappingNode && (!fields.TryGetValue("accounts", out var accountsNode) || YamlFieldReader.IsNull(accountsNode)))
        {
            errors.Add(accountsNode is null ? 1 : YamlFieldReader.LineOf(accountsNode),
                "'accounts' has no value; list the accounts, or write 'accounts: []' to empty the directory.");
            return null;
        }

        var accounts = reader._fields.Sequence(fields, "accounts", root).Value.Select(reader.ReadAccount).ToList();
        return new DirectoryFile(fileName, accounts);
    }

    private AccountEntry ReadAccount(YamlNode node)
    {
        var fields = _fields.Fields(node, "an account", "id", "users", "groups", "managedPolicies", "roles", "samlProviders", "oidcProviders",
            "outboundWebIdentityFederation");
        return new AccountEntry(
            RequiredString(fields, "id", node, "an account"),
            _fields.Sequence(fields, "users", node).Value.Select(ReadUser).ToList(),
            _fields.Sequence(fields, "groups", node).Value.Select(ReadGroup).ToList(),
            _fields.Sequence(fields, "managedPolicies", node).Value.Select(ReadManagedPolicy).ToList(),
            _fields.Sequence(fields, "roles", node).Value.Select(ReadRole).ToList(),
            _fields.Sequence(fields, "samlProviders", node).Value.Select(ReadSamlProvider).ToList(),
            _fields.Sequence(fields, "oidcProviders", node).Value.Select(ReadOidcProvider).ToList(),
            fields.ContainsKey("outboundWebIdentityFederation")
                ? _fields.Boolean(fields, "outboundWebIdentityFederation", node, defaultValue: false)
                : null);
    }

    private SamlProviderEntry ReadSamlProvider(YamlNode node)
    {
        var fields = _fields.Fields(node, "a SAML provider",
            "name", "metadata", "metadataFile", "allowSha1", "assertionEncryptionMode", "privateKeyFiles", "privateKeyIds");
        var inline = _fields.String(fields, "metadata", node, "a SAML provider", required: false);
        var path = _fields.String(fields, "metadataFile", node, "a SAML provider", required: false);
        if ((inline is null) == (path is null))
        {
            _fields.Errors.Add(YamlFieldReader.LineOf(node), "a SAML provider needs exactly one of 'metadata' and 'metadataFile'.");
        }

        return new SamlProviderEntry(
            RequiredString(fields, "name", node, "a SAML provider"),
            path is { } file ? ReadFile(file, "metadata", MaxMetadataFileBytes) : inline,
            _fields.Boolean(fields, "allowSha1", node, defaultValue: false),
            _fields.String(fields, "assertionEncryptionMode", node, "a SAML provider", required: false),
            _fields.Strings(fields, "privateKeyFiles", node).Value
                .Select(keyFile => new PrivateKeyFileEntry(keyFile.Value, keyFile.Line, ReadFile(keyFile, "private key", SamlPrivateKey.MaxPemLength)?.Value))
                .ToList(),
            _fields.Strings(fields, "privateKeyIds", node));
    }

    private Located<string>? ReadFile(Located<string> path, string what, int maxBytes)
    {
        var fullPath = Path.GetFullPath(path.Value, _baseFolder);
        try
        {
            var info = new FileInfo(fullPath);
            if (info.Exists && info.Length > maxBytes)
            {
                _fields.Errors.Add(path.Line, $"{what} file '{path.Value}' is larger than {maxBytes} bytes.");
                return null;
            }

            return new Located<string>(File.ReadAllText(fullPath), path.Line);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _fields.Errors.Add(path.Line, $"cannot read {what} file '{path.Value}': {exception.Message}");
            return null;
        }
    }

    private OidcProviderEntry ReadOidcProvider(YamlNode node)
    {
        var fields = _fields.Fields(node, "an OIDC provider", "url", "clientIds", "thumbprints", "allowHttpLoopback");
        return new OidcProviderEntry(
            RequiredString(fields, "url", node, "an OIDC provider"),
            _fields.Strings(fields, "clientIds", node),
            _fields.Strings(fields, "thumbprints", node),
            _fields.Boolean(fields, "allowHttpLoopback", node, defaultValue: false));
    }

    private UserEntry ReadUser(YamlNode node)
    {
        var fields = _fields.Fields(
            node, "a user", "name", "path", "accessKeys", "mfaDevices", "groups", "policies", "managedPolicyArns", "permissionsBoundary", "tags");
        var accessKeys = _fields.Sequence(fields, "accessKeys", node);
        return new UserEntry(
            RequiredString(fields, "name", node, "a user"),
            PathOf(fields, node, "a user"),
            new Located<IReadOnlyList<AccessKeyEntry>>(accessKeys.Value.Select(ReadAccessKey).ToList(), accessKeys.Line),
            _fields.Sequence(fields, "mfaDevices", node).Value.Select(ReadMfaDevice).ToList(),
            _fields.Strings(fields, "groups", node),
            ReadPolicies(fields, node),
            _fields.Strings(fields, "managedPolicyArns", node).Value,
            _fields.String(fields, "permissionsBoundary", node, "a user", required: false),
            ReadTags(fields, node));
    }

    private AccessKeyEntry ReadAccessKey(YamlNode node)
    {
        var fields = _fields.Fields(node, "an access key", "id", "secret", "status");
        var status = _fields.String(fields, "status", node, "an access key", required: false);
        var parsedStatus = status?.Value switch
        {
            null or "Active" => AccessKeyStatus.Active,
            "Inactive" => AccessKeyStatus.Inactive,
            _ => (AccessKeyStatus?)null,
        };
        if (parsedStatus is null)
        {
            _fields.Errors.Add(status!.Value.Line, "'status' must be Active or Inactive.");
        }

        return new AccessKeyEntry(
            YamlFieldReader.LineOf(node),
            _fields.String(fields, "id", node, "an access key", required: false)?.Value,
            _fields.String(fields, "secret", node, "an access key", required: false)?.Value,
            parsedStatus ?? AccessKeyStatus.Inactive);
    }

    private MfaDeviceEntry ReadMfaDevice(YamlNode node)
    {
        var fields = _fields.Fields(node, "an MFA device", "serial", "seed");
        return new MfaDeviceEntry(
            RequiredString(fields, "serial", node, "an MFA device"),
            _fields.String(fields, "seed", node, "an MFA device", required: false));
    }

    private GroupEntry ReadGroup(YamlNode node)
    {
        var fields = _fields.Fields(node, "a group", "name", "path", "policies", "managedPolicyArns");
        return new GroupEntry(
            RequiredString(fields, "name", node, "a group"),
            PathOf(fields, node, "a group"),
            ReadPolicies(fields, node),
            _fields.Strings(fields, "managedPolicyArns", node).Value);
    }

    private ManagedPolicyEntry ReadManagedPolicy(YamlNode node)
    {
        var fields = _fields.Fields(node, "a managed policy", "name", "path", "document");
        return new ManagedPolicyEntry(
            RequiredString(fields, "name", node, "a managed policy"),
            PathOf(fields, node, "a managed policy"),
            Document(fields, "document", node, "a managed policy"));
    }

    private RoleEntry ReadRole(YamlNode node)
    {
        var fields = _fields.Fields(
            node, "a role", "name", "path", "maxSessionDuration", "trustPolicy", "policies", "managedPolicyArns", "permissionsBoundary", "tags");
        return new RoleEntry(
            RequiredString(fields, "name", node, "a role"),
            PathOf(fields, node, "a role"),
            _fields.Integer(fields, "maxSessionDuration", node, IamRole.MinMaxSessionDuration),
            Document(fields, "trustPolicy", node, "a role"),
            ReadPolicies(fields, node),
            _fields.Strings(fields, "managedPolicyArns", node).Value,
            _fields.String(fields, "permissionsBoundary", node, "a role", required: false),
            ReadTags(fields, node));
    }

    private List<PolicyEntry> ReadPolicies(Dictionary<string, YamlNode> owner, YamlNode ownerNode) =>
        _fields.Sequence(owner, "policies", ownerNode).Value.Select(node =>
        {
            var fields = _fields.Fields(node, "a policy", "name", "document");
            return new PolicyEntry(RequiredString(fields, "name", node, "a policy"), Document(fields, "document", node, "a policy"));
        }).ToList();

    private Located<IReadOnlyList<TagEntry>> ReadTags(Dictionary<string, YamlNode> fields, YamlNode owner)
    {
        if (!fields.TryGetValue("tags", out var node) || YamlFieldReader.IsNull(node))
        {
            return new Located<IReadOnlyList<TagEntry>>([], YamlFieldReader.LineOf(owner));
        }

        var tags = new List<TagEntry>();
        if (node is not YamlMappingNode mapping)
        {
            _fields.Errors.Add(YamlFieldReader.LineOf(node), "'tags' must be a mapping of tag keys to values.");
            return new Located<IReadOnlyList<TagEntry>>(tags, YamlFieldReader.LineOf(node));
        }

        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode k && value is YamlScalarNode v)
            {
                tags.Add(new TagEntry(YamlFieldReader.LineOf(key), k.Value ?? "", YamlFieldReader.IsNull(v) ? "" : v.Value ?? ""));
            }
            else
            {
                _fields.Errors.Add(YamlFieldReader.LineOf(key), "tag keys and values must be strings.");
            }
        }

        return new Located<IReadOnlyList<TagEntry>>(tags, YamlFieldReader.LineOf(node));
    }

    private Located<string> Document(Dictionary<string, YamlNode> fields, string name, YamlNode owner, string what)
    {
        if (!fields.TryGetValue(name, out var node) || YamlFieldReader.IsNull(node))
        {
            _fields.Errors.Add(YamlFieldReader.LineOf(owner), $"{what} is missing the required field '{name}'.");
            return new Located<string>("{}", YamlFieldReader.LineOf(owner));
        }

        return new Located<string>(PolicyJson.FromYaml(node, _fields.Errors) ?? "{}", YamlFieldReader.LineOf(node));
    }

    private Located<string> RequiredString(Dictionary<string, YamlNode> fields, string name, YamlNode owner, string what) =>
        _fields.String(fields, name, owner, what, required: true) ?? new Located<string>("", YamlFieldReader.LineOf(owner));

    private Located<string> PathOf(Dictionary<string, YamlNode> fields, YamlNode owner, string what) =>
        _fields.String(fields, "path", owner, what, required: false) ?? new Located<string>("/", YamlFieldReader.LineOf(owner));
}
