using TokenBroker.Policy.Matching;

namespace TokenBroker.Policy.Evaluation;

/// <summary>Reads the principal kind, account and default session issuer from a caller ARN (IAM User Guide, reference_identifiers).</summary>
internal static class PrincipalArnParser
{
    public static ParsedPrincipal Parse(string arn)
    {
        if (arn.Length == 0)
        {
            return new ParsedPrincipal(PrincipalKind.Anonymous, string.Empty, null, null);
        }

        Span<Range> ranges = stackalloc Range[ArnSplitter.Components];
        if (!ArnSplitter.TrySplit(arn, ranges) || !string.Equals(arn[ranges[0]], "arn", StringComparison.Ordinal))
        {
            return new ParsedPrincipal(PrincipalKind.Other, string.Empty, null, null);
        }

        var partition = arn[ranges[1]];
        var service = arn[ranges[2]];
        var account = arn[ranges[4]];
        var resource = arn[ranges[5]];
        if (string.Equals(service, "iam", StringComparison.Ordinal))
        {
            return ParseIam(account, resource);
        }

        if (string.Equals(service, "sts", StringComparison.Ordinal))
        {
            return ParseSts(partition, account, resource);
        }

        return new ParsedPrincipal(PrincipalKind.Other, account, null, null);
    }

    private static ParsedPrincipal ParseIam(string account, string resource)
    {
        if (string.Equals(resource, "root", StringComparison.Ordinal))
        {
            return new ParsedPrincipal(PrincipalKind.Root, account, null, null);
        }

        if (resource.StartsWith("user/", StringComparison.Ordinal))
        {
            return new ParsedPrincipal(PrincipalKind.User, account, null, resource[(resource.LastIndexOf('/') + 1)..]);
        }

        return resource.StartsWith("role/", StringComparison.Ordinal)
            ? new ParsedPrincipal(PrincipalKind.Role, account, null, null)
            : new ParsedPrincipal(PrincipalKind.Other, account, null, null);
    }

    private static ParsedPrincipal ParseSts(string partition, string account, string resource)
    {
        if (resource.StartsWith("assumed-role/", StringComparison.Ordinal))
        {
            var parts = resource.Split('/');
            var issuer = parts.Length >= 3 ? $"arn:{partition}:iam::{account}:role/{parts[1]}" : null;
            return new ParsedPrincipal(PrincipalKind.AssumedRole, account, issuer, null);
        }

        return resource.StartsWith("federated-user/", StringComparison.Ordinal)
            ? new ParsedPrincipal(PrincipalKind.FederatedUser, account, null, null)
            : new ParsedPrincipal(PrincipalKind.Other, account, null, null);
    }
}
