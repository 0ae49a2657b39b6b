using System.Text.Json;
using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>Writes a directory in the directory-file format, without secrets, so that the output can be applied again.</summary>
internal static class DirectoryYamlWriter
{
    public static string Write(DirectorySnapshot snapshot)
    {
        var text = new StringWriter();
        var emitter = new Emitter(text);
        var yaml = new YamlEventWriter(emitter);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        yaml.BeginMapping();
        yaml.Key("accounts");
        yaml.BeginList(empty: snapshot.Accounts.Count == 0);
        foreach (var account in snapshot.Accounts)
        {
            WriteAccount(yaml, account);
        }

        yaml.EndList();
        Section(yaml, "services", snapshot.Services, service => WriteService(yaml, service));
        yaml.EndMapping();
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void WriteAccount(YamlEventWriter yaml, AccountSnapshot account)
    {
        yaml.BeginMapping();
        yaml.Field("id", account.Id.Value);
        Flag(yaml, "outboundWebIdentityFederation", account.OutboundWebIdentityFederation);
        Section(yaml, "users", account.Users, user => WriteUser(yaml, user, account));
        Section(yaml, "groups", account.Groups, group =>
        {
            yaml.Field("name", group.GroupName);
            PathOf(yaml, group.Path);
            Policies(yaml, group.Policies);
            yaml.StringList("managedPolicyArns", group.ManagedPolicyArns);
        });
        Section(yaml, "managedPolicies", account.ManagedPolicies, policy =>
        {
            yaml.Field("name", policy.PolicyName);
            PathOf(yaml, policy.Path);
            Document(yaml, "document", policy.Document);
        });
        Section(yaml, "roles", account.Roles, role =>
        {
            yaml.Field("name", role.RoleName);
            PathOf(yaml, role.Path);
            yaml.Key("maxSessionDuration");
            yaml.Plain(role.MaxSessionDuration.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Document(yaml, "trustPolicy", role.TrustPolicy);
            Policies(yaml, role.Policies);
            yaml.StringList("managedPolicyArns", role.ManagedPolicyArns);
            Optional(yaml, "permissionsBoundary", role.PermissionsBoundaryArn);
            Tags(yaml, role.Tags);
        });
        Section(yaml, "samlProviders", account.SamlProviders, provider =>
        {
            yaml.Field("name", provider.Name);
            yaml.Literal("metadata", SamlMetadataWriter.Write(provider.EntityId, provider.SigningCertificates));
            Flag(yaml, "allowSha1", provider.AllowSha1);
            if (provider.AssertionEncryptionMode == AssertionEncryptionMode.Required)
            {
                yaml.Field("assertionEncryptionMode", provider.AssertionEncryptionMode.ToString());
            }

            // Private keys are never written, only their ids: applying the output again keeps the stored keys.
            yaml.StringList("privateKeyIds", provider.PrivateKeyList.Select(k => k.KeyId).ToList());
        });
        Section(yaml, "oidcProviders", account.OidcProviders, provider =>
        {
            yaml.Field("url", provider.Url);
            yaml.StringList("clientIds", provider.ClientIds);
            yaml.StringList("thumbprints", provider.Thumbprints);
            Flag(yaml, "allowHttpLoopback", provider.AllowHttpLoopback);
        });
        yaml.EndMapping();
    }

    // Proxy keys show only their ids: applying the output again keeps the stored hashes.
    private static void WriteService(YamlEventWriter yaml, ServiceCatalog service)
    {
        yaml.Field("prefix", service.Prefix);
        yaml.Field("account", service.Account.Value);
        Section(yaml, "actions", service.Actions, action =>
        {
            yaml.Field("name", action.Name);
            yaml.Field("accessLevel", AccessLevels.Name(action.AccessLevel));
            yaml.StringList("resourceTypes", action.ResourceTypes);
            yaml.StringList("conditionKeys", action.ConditionKeys);
        });
        Section(yaml, "resourceTypes", service.ResourceTypes, type =>
        {
            yaml.Field("name", type.Name);
            yaml.Field("arn", type.Arn);
        });
        Section(yaml, "routes", service.Routes, route =>
        {
            yaml.Field("method", route.Method);
            yaml.Field("path", route.Path);
            yaml.Field("action", route.Action);
            Optional(yaml, "resource", route.Resource);
        });
        Section(yaml, "resourcePolicies", service.ResourcePolicies, policy =>
        {
            yaml.Field("resource", policy.Resource);
            Document(yaml, "document", policy.Document);
        });
        Section(yaml, "proxyKeys", service.ProxyKeys, key => yaml.Field("id", key.Id));
    }

    // Secrets and seeds are never written: keys show id and status, MFA devices their serial number.
    private static void WriteUser(YamlEventWriter yaml, IamUser user, AccountSnapshot account)
    {
        yaml.Field("name", user.UserName);
        PathOf(yaml, user.Path);
        Section(yaml, "accessKeys", account.AccessKeys.Where(k => k.UserName == user.UserName).ToList(), key =>
        {
            yaml.Field("id", key.AccessKeyId.Value);
            ApiOrigin(yaml, key.Origin);
            yaml.Field("status", key.Status.ToString());
        });
        Section(yaml, "mfaDevices", account.MfaDevices.Where(d => d.UserName == user.UserName).ToList(), device =>
        {
            yaml.Field("serial", device.SerialNumber);
            ApiOrigin(yaml, device.Origin);
        });
        yaml.StringList("groups", user.Groups);
        Policies(yaml, user.Policies);
        yaml.StringList("managedPolicyArns", user.ManagedPolicyArns);
        Optional(yaml, "permissionsBoundary", user.PermissionsBoundaryArn);
        Tags(yaml, user.Tags);
    }

    // Keys and devices the IAM API created are the API's: apply keeps them unless the file names them (docs/iam.md).
    private static void ApiOrigin(YamlEventWriter yaml, CredentialOrigin origin)
    {
        if (origin == CredentialOrigin.Api)
        {
            yaml.InlineComment("origin: iam-api (apply keeps it unless the file names it)");
        }
    }

    private static void Section<T>(YamlEventWriter yaml, string name, IReadOnlyList<T> items, Action<T> write)
    {
        if (items.Count == 0)
        {
            return;
        }

        yaml.Key(name);
        yaml.BeginList();
        foreach (var item in items)
        {
            yaml.BeginMapping();
            write(item);
            yaml.EndMapping();
        }

        yaml.EndList();
    }

    private static void Policies(YamlEventWriter yaml, IReadOnlyList<InlinePolicy> policies) =>
        Section(yaml, "policies", policies, policy =>
        {
            yaml.Field("name", policy.Name);
            Document(yaml, "document", policy.Document);
        });

    private static void PathOf(YamlEventWriter yaml, string path)
    {
        if (path != "/")
        {
            yaml.Field("path", path);
        }
    }

    private static void Optional(YamlEventWriter yaml, string name, string? value)
    {
        if (value is not null)
        {
            yaml.Field(name, value);
        }
    }

    private static void Flag(YamlEventWriter yaml, string name, bool value)
    {
        if (value)
        {
            yaml.Key(name);
            yaml.Plain("true");
        }
    }

    private static void Tags(YamlEventWriter yaml, IReadOnlyList<Tag> tags)
    {
        if (tags.Count == 0)
        {
            return;
        }

        yaml.Key("tags");
        yaml.BeginMapping();
        foreach (var tag in tags)
        {
            yaml.Field(tag.Key, tag.Value);
        }

        yaml.EndMapping();
    }

    private static void Document(YamlEventWriter yaml, string name, string json)
    {
        yaml.Key(name);
        using var document = JsonDocument.Parse(json, PolicyJson.ReaderOptions);
        WriteJson(yaml, document.RootElement);
    }

    private static void WriteJson(YamlEventWriter yaml, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                yaml.BeginMapping(empty: !element.EnumerateObject().Any());
                foreach (var property in element.EnumerateObject())
                {
                    yaml.Key(property.Name);
                    WriteJson(yaml, property.Value);
                }

                yaml.EndMapping();
                break;
            case JsonValueKind.Array:
                yaml.BeginList(empty: element.GetArrayLength() == 0);
                foreach (var item in element.EnumerateArray())
                {
                    WriteJson(yaml, item);
                }

                yaml.EndList();
                break;
            case JsonValueKind.String:
                yaml.String(element.GetString()!);
                break;
            default:
                yaml.Plain(element.GetRawText());
                break;
        }
    }
}
