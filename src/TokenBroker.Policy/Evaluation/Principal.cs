using TokenBroker.Policy.Matching;

namespace TokenBroker.Policy.Evaluation;

/// <summary>
/// Who makes a request, parsed once: kind, account, path, name, session name, its ARN and the identity that issued its
/// session (IAM User Guide, reference_identifiers). Callers that know the principal build it typed; text (policy
/// simulate) goes through <see cref="Parse"/>.
/// </summary>
public sealed class Principal
{
    private Principal(PrincipalKind kind, string arn, string account, string? path, string? name, string? sessionName, string? issuerArn)
    {
        Kind = kind;
        Arn = arn;
        Account = account;
        Path = path;
        Name = name;
        SessionName = sessionName;
        IssuerArn = issuerArn;
    }

    /// <summary>No principal: an anonymous or unsigned request.</summary>
    public static Principal Anonymous { get; } = new(PrincipalKind.Anonymous, string.Empty, string.Empty, null, null, null, null);

    /// <summary>Gets the kind of principal.</summary>
    public PrincipalKind Kind { get; }

    /// <summary>Gets the principal's ARN (empty for an anonymous request).</summary>
    public string Arn { get; }

    /// <summary>Gets the principal's account (the account field of its ARN; empty when it has none).</summary>
    public string Account { get; }

    /// <summary>Gets the IAM path of a user or role (for a role session: of its role), or null.</summary>
    public string? Path { get; }

    /// <summary>Gets the name of a user, role, federated user, or (for a role session) its role, or null.</summary>
    public string? Name { get; }

    /// <summary>Gets the session name of a role session, or null.</summary>
    public string? SessionName { get; }

    /// <summary>Gets the role of a role session or the IAM user of a federated user, or null.</summary>
    public string? IssuerArn { get; }

    /// <summary>An IAM user, <c>arn:aws:iam::ACCOUNT:user/PATH/NAME</c>.</summary>
    public static Principal User(string account, string path, string name) =>
        new(PrincipalKind.User, $"arn:aws:iam::{account}:user{path}{name}", account, path, name, null, null);

    /// <summary>A role session of the role PATH/ROLE, <c>arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION</c>.</summary>
    public static Principal AssumedRole(string account, string rolePath, string roleName, string sessionName) =>
        new(PrincipalKind.AssumedRole, $"arn:aws:sts::{account}:assumed-role/{roleName}/{sessionName}", account, rolePath, roleName,
            sessionName, $"arn:aws:iam::{account}:role{rolePath}{roleName}");

    /// <summary>A GetFederationToken session of the IAM user <paramref name="issuerArn"/>.</summary>
    public static Principal FederatedUser(string account, string name, string issuerArn) =>
        new(PrincipalKind.FederatedUser, $"arn:aws:sts::{account}:federated-user/{name}", account, null, name, null, issuerArn);

    /// <summary>
    /// Reads a principal from its ARN: root, user, role, assumed-role and federated-user ARNs are IAM principals; any
    /// other text (a service, an identity provider) is <see cref="PrincipalKind.Other"/>. A role session's issuer is
    /// its role without a path, which is all its ARN says.
    /// </summary>
    public static Principal Parse(string? arn)
    {
        if (string.IsNullOrEmpty(arn))
        {
            return Anonymous;
        }

        Span<Range> ranges = stackalloc Range[ArnSplitter.Components];
        if (!ArnSplitter.TrySplit(arn, ranges) || !string.Equals(arn[ranges[0]], "arn", StringComparison.Ordinal))
        {
            return new(PrincipalKind.Other, arn, string.Empty, null, null, null, null);
        }

        var partition = arn[ranges[1]];
        var service = arn[ranges[2]];
        var account = arn[ranges[4]];
        var resource = arn[ranges[5]];
        if (string.Equals(service, "iam", StringComparison.Ordinal))
        {
            return ParseIam(arn, account, resource);
        }

        return string.Equals(service, "sts", StringComparison.Ordinal)
            ? ParseSts(arn, partition, account, resource)
            : new(PrincipalKind.Other, arn, account, null, null, null, null);
    }

    /// <summary>The same principal with the session issuer a caller knows better than the ARN says (a role's path).</summary>
    public Principal WithIssuer(string? issuerArn) =>
        issuerArn is null ? this : new(Kind, Arn, Account, Path, Name, SessionName, issuerArn);

    private static Principal ParseIam(string arn, string account, string resource)
    {
        if (string.Equals(resource, "root", StringComparison.Ordinal))
        {
            return new(PrincipalKind.Root, arn, account, null, null, null, null);
        }

        var kind = resource.StartsWith("user/", StringComparison.Ordinal) ? PrincipalKind.User
            : resource.StartsWith("role/", StringComparison.Ordinal) ? PrincipalKind.Role
            : PrincipalKind.Other;
        if (kind == PrincipalKind.Other)
        {
            return new(kind, arn, account, null, null, null, null);
        }

        var slash = resource.LastIndexOf('/');
        var first = resource.IndexOf('/', StringComparison.Ordinal);
        return new(kind, arn, account, resource[first..(slash + 1)], resource[(slash + 1)..], null, null);
    }

    private static Principal ParseSts(string arn, string partition, string account, string resource)
    {
        if (resource.StartsWith("assumed-role/", StringComparison.Ordinal))
        {
            var parts = resource.Split('/');
            return parts.Length >= 3
                ? new(PrincipalKind.AssumedRole, arn, account, "/", parts[1], parts[2], $"arn:{partition}:iam::{account}:role/{parts[1]}")
                : new(PrincipalKind.AssumedRole, arn, account, null, null, null, null);
        }

        return resource.StartsWith("federated-user/", StringComparison.Ordinal)
            ? new(PrincipalKind.FederatedUser, arn, account, null, resource["federated-user/".Length..], null, null)
            : new(PrincipalKind.Other, arn, account, null, null, null, null);
    }
}
