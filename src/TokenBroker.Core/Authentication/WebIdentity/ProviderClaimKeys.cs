namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// Identity-provider-specific claims AWS STS exposes as trust-policy condition keys <c>&lt;provider&gt;:&lt;key&gt;</c>
/// for sts:AssumeRoleWithWebIdentity, exactly as the Service Authorization Reference lists them for AWS STS
/// (list_awssecuritytokenservice, condition keys of AssumeRoleWithWebIdentity; IAM User Guide
/// reference_policies_iam-condition-keys#condition-keys-wif; AWS What's New 2026-01, "AWS STS supports validation of
/// identity provider claims"). Issuers are matched as IAM writes them, with the variable parts AWS names
/// (<c>${OrgId}</c>, <c>${Domain}</c>, <c>${SubPath}</c>, <c>${EnterpriseName}</c>, <c>${OciUniqueIdentifier}</c>).
/// </summary>
internal static class ProviderClaimKeys
{
    /// <summary>The Google issuer, whose <c>:aud</c> is <c>azp</c> when present and <c>:oaud</c> the token's aud.</summary>
    public const string Google = "accounts.google.com";

    // GitHub Actions: the same ten keys for github.com, GHE.com data residency, enterprise issuers and sub-paths.
    private static readonly ProviderClaimKey[] GitHub = TopLevel(
        "actor", "actor_id", "enterprise_id", "environment", "job_workflow_ref", "ref", "repository", "repository_id",
        "repository_owner_id", "workflow");

    private static readonly ProviderClaimKey[] GitLab = TopLevel(
        "namespace_id", "pipeline_source", "project_id", "ref_protected", "runner_environment", "user_access_level",
        "user_email", "user_id", "user_login");

    private static readonly ProviderClaimKey[] Buildkite = TopLevel(
        "build_branch", "cluster_id", "cluster_name", "organization_id", "organization_slug", "pipeline_id", "pipeline_slug");

    private static readonly (ProviderIssuerPattern Issuer, ProviderClaimKey[] Keys)[] Table =
    [
        (ProviderIssuerPattern.Parse("token.actions.githubusercontent.com"), GitHub),
        (ProviderIssuerPattern.Parse("token.actions.githubusercontent.com/{}"), GitHub),
        (ProviderIssuerPattern.Parse("token.actions.{}.ghe.com"), GitHub),
        (ProviderIssuerPattern.Parse("github.com/enterprises/{}"), GitHub),

        // "the token will contain a google.organization_number claim" (IAM Credentials generateIdToken,
        // organizationNumberIncluded): a number inside the google object; the reference types the key Numeric.
        (ProviderIssuerPattern.Parse(Google), [new ProviderClaimKey("google/organization_number", ["google", "organization_number"])]),

        // CircleCI's issuer is per organization; its claim is named "oidc.circleci.com/project-id" at the top level.
        (ProviderIssuerPattern.Parse("oidc.circleci.com/org/{}"), TopLevel("oidc.circleci.com/project-id")),

        // Oracle Cloud Infrastructure identity domains: the resource principal session token id.
        (ProviderIssuerPattern.Parse("idcs-{}.identity.oraclecloud.com"), TopLevel("rpst_id")),

        (ProviderIssuerPattern.Parse("gitlab.com"), GitLab),
        (ProviderIssuerPattern.Parse("agent.buildkite.com"), Buildkite),
        (ProviderIssuerPattern.Parse("agent.{}.buildkite.dev"), Buildkite),
        (ProviderIssuerPattern.Parse("agent.{}.buildkite.site"), Buildkite),
    ];

    /// <summary>The provider-specific keys for this provider (host/path as IAM writes it), or none.</summary>
    public static IReadOnlyList<ProviderClaimKey> For(string hostPath)
    {
        foreach (var (issuer, keys) in Table)
        {
            if (issuer.Matches(hostPath))
            {
                return keys;
            }
        }

        return [];
    }

    private static ProviderClaimKey[] TopLevel(params string[] names) => [.. names.Select(ProviderClaimKey.TopLevel)];
}
