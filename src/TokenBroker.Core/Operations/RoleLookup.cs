using TokenBroker.Core.Model;

namespace TokenBroker.Core.Operations;

/// <summary>Finds the role a RoleArn names, for every AssumeRole* operation.</summary>
internal static class RoleLookup
{
    /// <summary>The role, or null when the ARN is not a role ARN or names no role exactly (path included).</summary>
    public static IamRole? Find(DirectoryView directory, string roleArn)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Arn.TryParse(roleArn, out var arn) || !string.Equals(arn.Service, "iam", StringComparison.Ordinal)
            || !arn.Resource.StartsWith("role/", StringComparison.Ordinal) || !arn.TryGetAccountId(out var account))
        {
            return null;
        }

        var role = directory.FindRole(account, arn.Name);

        // The ARN must name the role exactly, path included.
        return role is not null && role.Arn == arn ? role : null;
    }
}
