using TokenBroker.Core.Authentication;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>
/// Finds the entity an IAM request names in the request's directory version, and the resource ARN to authorize: the
/// entity's own ARN (with its path) when it exists, else the ARN with the root path "/", as IAM builds it from the name.
/// </summary>
public static class IamEntities
{
    /// <summary>The user and the ARN to authorize; the user is null when it does not exist.</summary>
    public static (IamUser? User, string Resource) User(IamCall call, string userName)
    {
        ArgumentNullException.ThrowIfNull(call);
        var user = call.Directory.FindUser(call.Caller.Account, userName);
        return (user, (user?.Arn ?? Arn.IamUser(call.Caller.Account, "/", userName)).ToString());
    }

    /// <summary>The role and the ARN to authorize; the role is null when it does not exist.</summary>
    public static (IamRole? Role, string Resource) Role(IamCall call, string roleName)
    {
        ArgumentNullException.ThrowIfNull(call);
        var role = call.Directory.FindRole(call.Caller.Account, roleName);
        return (role, (role?.Arn ?? Arn.IamRole(call.Caller.Account, "/", roleName)).ToString());
    }

    /// <summary>The group and the ARN to authorize; the group is null when it does not exist.</summary>
    public static (IamGroup? Group, string Resource) Group(IamCall call, string groupName)
    {
        ArgumentNullException.ThrowIfNull(call);
        var group = call.Directory.FindGroup(call.Caller.Account, groupName);
        return (group, (group?.Arn ?? Arn.IamGroup(call.Caller.Account, "/", groupName)).ToString());
    }

    /// <summary>
    /// The user name a request means: the one it names, else the caller's own user (IAM: "If you do not specify a user
    /// name, IAM determines the user name implicitly based on the Amazon Web Services access key ID used to sign the
    /// request"); ValidationError for a caller that is not an IAM user.
    /// </summary>
    public static StsResult<string> UserNameOrCaller(IamCall call, string? userName)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (userName is not null)
        {
            return userName;
        }

        return call.Caller.Kind is PrincipalKind.User or PrincipalKind.UserSession && call.Caller.User is { } self
            ? self.UserName
            : StsErrors.ValidationError("Must specify userName when calling with non-User credentials");
    }

    /// <summary>NoSuchEntity for a user: "The user with name NAME cannot be found."</summary>
    public static StsError NoSuchUser(string userName) => IamErrors.NoSuchEntity($"The user with name {userName} cannot be found.");

    /// <summary>NoSuchEntity for a role: "The role with name NAME cannot be found."</summary>
    public static StsError NoSuchRole(string roleName) => IamErrors.NoSuchEntity($"The role with name {roleName} cannot be found.");

    /// <summary>NoSuchEntity for a group: "The group with name NAME cannot be found."</summary>
    public static StsError NoSuchGroup(string groupName) => IamErrors.NoSuchEntity($"The group with name {groupName} cannot be found.");

    /// <summary>Entities whose path starts with the prefix, in IAM's order (by name).</summary>
    public static List<T> ByPath<T>(IEnumerable<T> entities, string pathPrefix, Func<T, string> path, Func<T, string> name) =>
        [.. entities.Where(e => path(e).StartsWith(pathPrefix, StringComparison.Ordinal)).OrderBy(name, StringComparer.Ordinal)];
}
