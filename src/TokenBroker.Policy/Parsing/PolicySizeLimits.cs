namespace TokenBroker.Policy.Parsing;

/// <summary>
/// Size quotas per policy kind, counted without whitespace (IAM User Guide, reference_iam-quotas,
/// "IAM and AWS STS character limits"; STS AssumeRole API reference, Policy parameter).
/// </summary>
internal static class PolicySizeLimits
{
    /// <summary>Managed policy: 6,144 characters; a permissions boundary is a managed policy.</summary>
    public const int ManagedPolicy = 6144;

    /// <summary>Role trust policy: 2,048 characters by default.</summary>
    public const int RoleTrustPolicy = 2048;

    /// <summary>Inline session policy: 2,048 characters of plaintext.</summary>
    public const int SessionPolicy = 2048;

    /// <summary>Resource-based policies: 20 KB, the largest service limit (Amazon S3 bucket policies).</summary>
    public const int ResourcePolicy = 20480;

    public static int For(PolicyKind kind) => kind switch
    {
        PolicyKind.Trust => RoleTrustPolicy,
        PolicyKind.Session => SessionPolicy,
        PolicyKind.Resource => ResourcePolicy,
        _ => ManagedPolicy,
    };

    public static string Message(PolicyKind kind) => kind switch
    {
        PolicyKind.Trust => $"Cannot exceed quota for ACLSizePerRole: {RoleTrustPolicy}",
        PolicyKind.Session =>
            $"1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to {SessionPolicy}",
        PolicyKind.Resource => "Policy exceeds the maximum allowed document size.",
        _ => $"Cannot exceed quota for PolicySize: {ManagedPolicy}",
    };
}
