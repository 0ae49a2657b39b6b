using TokenBroker.Core.Model;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>One value of the Role attribute: a role the IdP lets the subject assume, through this SAML provider.</summary>
public sealed record SamlRolePair(Arn RoleArn, Arn PrincipalArn)
{
    /// <summary>Parses "role-arn,provider-arn" in either order (AWS accepts both); null for anything else.</summary>
    public static SamlRolePair? Parse(string value)
    {
        var comma = value.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0 || value.IndexOf(',', comma + 1) >= 0)
        {
            return null;
        }

        if (!Arn.TryParse(value[..comma].Trim(), out var first) || !Arn.TryParse(value[(comma + 1)..].Trim(), out var second))
        {
            return null;
        }

        return IsRole(first) && IsProvider(second) ? new SamlRolePair(first, second)
            : IsRole(second) && IsProvider(first) ? new SamlRolePair(second, first)
            : null;
    }

    private static bool IsRole(Arn arn) =>
        string.Equals(arn.Service, "iam", StringComparison.Ordinal) && arn.Resource.StartsWith("role/", StringComparison.Ordinal);

    private static bool IsProvider(Arn arn) =>
        string.Equals(arn.Service, "iam", StringComparison.Ordinal) && arn.Resource.StartsWith("saml-provider/", StringComparison.Ordinal);
}
