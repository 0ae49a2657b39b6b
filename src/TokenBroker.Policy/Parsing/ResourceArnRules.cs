namespace TokenBroker.Policy.Parsing;

/// <summary>
/// IAM's format rules for one Resource or NotResource string, applied in IAM's order. The rule table with every
/// message is in docs/policy-simulate.md ("Resource strings"); the messages are those IAM's CreatePolicy returns.
/// </summary>
internal static class ResourceArnRules
{
    /// <summary>The number of colons a resource needs before an empty component ("::") stops being a legacy parse error.</summary>
    private const int LegacyColons = 5;

    private const int Region = 3;
    private const int Account = 4;

    /// <summary>The IAM resource types IAM names in its path message, in its order.</summary>
    private static readonly string[] IamResourceTypes =
    [
        "user/", "federated-user/", "role/", "group/", "instance-profile/", "mfa/", "server-certificate/", "policy/",
        "sms-mfa/", "saml-provider/", "oidc-provider/", "report/", "access-report/",
    ];

    private static readonly string IamPathMessage = PolicyMessages.IamResourcePath(IamResourceTypes);

    /// <summary>Returns IAM's MalformedPolicyDocument message for a resource string, or null when IAM accepts it.</summary>
    public static string? Check(string resource)
    {
        if (resource == "*")
        {
            return null;
        }

        var parts = resource.Split(':');
        if (parts.Length == 1)
        {
            return PolicyMessages.ResourceFormat(resource);
        }

        // IAM reads the partition before it looks at the prefix, and names the resource as the ARN it would be.
        if (!IsPartition(parts[1]))
        {
            return PolicyMessages.Partition(parts[1], AsArn(parts));
        }

        if (!string.Equals(parts[0], "arn", StringComparison.Ordinal))
        {
            return PolicyMessages.ResourceFormat(resource);
        }

        // "You can't use a wildcard in the service segment" (IAM User Guide, reference_policies_elements_resource).
        if (parts.Length == 2 || parts[2].AsSpan().IndexOfAny('*', '?') >= 0)
        {
            return PolicyMessages.ResourceVendor;
        }

        if (ServiceRule(resource, parts) is { } message)
        {
            return message;
        }

        var legacyEmpty = parts.Length <= LegacyColons && resource.Contains("::", StringComparison.Ordinal);
        return parts[2].Length == 0 || legacyEmpty ? PolicyMessages.FailedLegacyParsing : null;
    }

    /// <summary>
    /// The service rules IAM is recorded to apply to complete ARNs: IAM resources and S3 buckets have no region, and
    /// an IAM resource names one of IAM's resource types. S3 ARNs with an account (access points, jobs) keep theirs.
    /// </summary>
    private static string? ServiceRule(string resource, string[] parts)
    {
        var hasAccount = parts.Length > Account;
        if (hasAccount && parts[Region].Length > 0 && parts[2] == "iam")
        {
            return PolicyMessages.IamRegion(resource);
        }

        if (hasAccount && parts[Region].Length > 0 && parts[2] == "s3" && parts[Account].Length == 0)
        {
            return PolicyMessages.S3Region(resource);
        }

        return parts.Length > LegacyColons && parts[2] == "iam" && !IsIamResource(parts) ? IamPathMessage : null;
    }

    private static bool IsIamResource(string[] parts)
    {
        var resourcePart = string.Join(':', parts[LegacyColons..]);
        return resourcePart == "*" || IamResourceTypes.Any(t => resourcePart.StartsWith(t, StringComparison.Ordinal));
    }

    /// <summary>
    /// The AWS partitions (IAM User Guide, reference-arns). A wildcard partition is accepted: it can match no more
    /// than <c>*</c>, which IAM accepts.
    /// </summary>
    public static bool IsPartition(string partition) =>
        partition is "aws" or "aws-cn" or "aws-us-gov" or "aws-iso" or "aws-iso-b" or "aws-iso-e" or "aws-iso-f"
            or "aws-eusc"
        || partition.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>The six-component ARN IAM quotes in the partition message: "arn", then missing components as <c>*</c>.</summary>
    private static string AsArn(string[] parts)
    {
        var service = parts.Length > 3 || (parts.Length == 3 && parts[2].Length > 0) ? parts[2] : "*";
        var region = parts.Length > 3 ? parts[3] : "*";
        var account = parts.Length > 4 ? parts[4] : "*";
        var rest = parts.Length > LegacyColons ? string.Join(':', parts[LegacyColons..]) : "*";
        return $"arn:{parts[1]}:{service}:{region}:{account}:{rest}";
    }
}
