using System.Diagnostics.CodeAnalysis;

namespace TokenBroker.Core.Model;

/// <summary>An Amazon Resource Name split into its six parts: arn:partition:service:region:account:resource.</summary>
public sealed record Arn(string Partition, string Service, string Region, string Account, string Resource)
{
    /// <summary>Parses an ARN; the resource part may itself contain colons.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Arn? arn)
    {
        arn = null;
        if (text is null || !text.StartsWith("arn:", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = text.Split(':', 6);
        if (parts.Length != 6 || parts[1].Length == 0 || parts[2].Length == 0 || parts[5].Length == 0)
        {
            return false;
        }

        arn = new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
        return true;
    }

    /// <summary>The ARN of an IAM user.</summary>
    public static Arn IamUser(AccountId account, string path, string name) =>
        new("aws", "iam", "", account.Value, "user" + path + name);

    /// <summary>The ARN of an IAM role.</summary>
    public static Arn IamRole(AccountId account, string path, string name) =>
        new("aws", "iam", "", account.Value, "role" + path + name);

    /// <summary>The ARN of a customer managed policy.</summary>
    public static Arn IamPolicy(AccountId account, string path, string name) =>
        new("aws", "iam", "", account.Value, "policy" + path + name);

    /// <summary>The ARN of an IAM group.</summary>
    public static Arn IamGroup(AccountId account, string path, string name) =>
        new("aws", "iam", "", account.Value, "group" + path + name);

    /// <summary>The ARN of an IAM SAML provider.</summary>
    public static Arn SamlProvider(AccountId account, string name) =>
        new("aws", "iam", "", account.Value, "saml-provider/" + name);

    /// <summary>The ARN of a role session.</summary>
    public static Arn AssumedRole(AccountId account, string roleName, string sessionName) =>
        new("aws", "sts", "", account.Value, $"assumed-role/{roleName}/{sessionName}");

    /// <summary>The ARN of a federated user.</summary>
    public static Arn FederatedUser(AccountId account, string name) =>
        new("aws", "sts", "", account.Value, "federated-user/" + name);

    /// <summary>The last segment of the resource: the name of a user, role, group, policy or provider.</summary>
    public string Name => Resource[(Resource.LastIndexOf('/') + 1)..];

    /// <summary>The account field as an <see cref="AccountId"/>, when it is one.</summary>
    public bool TryGetAccountId(out AccountId account) => AccountId.TryParse(Account, out account);

    /// <summary>The IAM path and name of a TYPE/PATH/NAME resource (user, role, group, policy): <c>/a/b/</c> and <c>name</c>.</summary>
    public bool TryGetPathAndName([NotNullWhen(true)] out string? path, [NotNullWhen(true)] out string? name)
    {
        var first = Resource.IndexOf('/', StringComparison.Ordinal);
        if (first < 0)
        {
            path = name = null;
            return false;
        }

        var last = Resource.LastIndexOf('/');
        path = Resource[first..(last + 1)];
        name = Resource[(last + 1)..];
        return true;
    }

    /// <summary>The ARN's text.</summary>
    public override string ToString() => $"arn:{Partition}:{Service}:{Region}:{Account}:{Resource}";
}
