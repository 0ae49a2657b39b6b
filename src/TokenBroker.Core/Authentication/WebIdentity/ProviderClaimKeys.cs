namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// Identity-provider-specific claims AWS STS exposes as trust-policy condition keys <c>&lt;provider&gt;:&lt;claim&gt;</c>
/// (AWS What's New 2026-01, "AWS STS supports validation of identity provider claims"; reference/sts.md b.6 item 4).
/// Only lists verified against a published table are here.
/// </summary>
internal static class ProviderClaimKeys
{
    /// <summary>The Google issuer, whose <c>:aud</c> is <c>azp</c> when present and <c>:oaud</c> the token's aud.</summary>
    public const string Google = "accounts.google.com";

    private static readonly Dictionary<string, string[]> ByProvider = new(StringComparer.Ordinal)
    {
        ["token.actions.githubusercontent.com"] =
        [
            "actor", "actor_id", "job_workflow_ref", "repository", "repository_id", "workflow", "ref", "environment",
            "enterprise_id",
        ],
    };

    /// <summary>The extra claim names for this provider (host/path as IAM writes it), or none.</summary>
    public static IReadOnlyList<string> For(string hostPath) => ByProvider.GetValueOrDefault(hostPath) ?? [];
}
