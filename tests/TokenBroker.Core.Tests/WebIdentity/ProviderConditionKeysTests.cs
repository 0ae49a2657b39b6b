using System.Text.Json.Nodes;

namespace TokenBroker.Core.Tests.WebIdentity;

/// <summary>
/// Provider-specific condition keys (Service Authorization Reference, AWS STS, AssumeRoleWithWebIdentity) from tokens
/// signed with a real key and validated over HTTPS, and trust policies that use them, one issuer at a time.
/// </summary>
[Collection(WebIdentityServers.Name)]
public sealed class ProviderConditionKeysTests(WebIdentityFixture fixture)
{
    private const string GitHubKey = "token.actions.githubusercontent.com:";

    [Fact]
    public async Task ValidateAsync_GitHubActionsToken_ExposesTheTenGitHubKeys()
    {
        using var federation = await ProviderFederation.StartAsync(fixture);
        var token = federation.Token(ProviderIssuers.GitHub, GitHubClaims("octo-org/app", "1296269"));

        var result = await federation.ValidateAsync(token);

        Assert.True(result.IsSuccess, result.Error?.Message);
        var keys = result.Value.ConditionKeys;
        Assert.Equal(["octocat"], keys[GitHubKey + "actor"]);
        Assert.Equal(["583231"], keys[GitHubKey + "actor_id"]);
        Assert.Equal(["42"], keys[GitHubKey + "enterprise_id"]);
        Assert.Equal(["production"], keys[GitHubKey + "environment"]);
        Assert.Equal(["octo-org/app/.github/workflows/deploy.yml@refs/heads/main"], keys[GitHubKey + "job_workflow_ref"]);
        Assert.Equal(["refs/heads/main"], keys[GitHubKey + "ref"]);
        Assert.Equal(["octo-org/app"], keys[GitHubKey + "repository"]);
        Assert.Equal(["1296269"], keys[GitHubKey + "repository_id"]);
        Assert.Equal(["9919"], keys[GitHubKey + "repository_owner_id"]);
        Assert.Equal(["deploy"], keys[GitHubKey + "workflow"]);
        Assert.False(keys.ContainsKey(GitHubKey + "repository_owner"));
        Assert.False(keys.ContainsKey(GitHubKey + "runner_environment"));
        Assert.Empty(result.Value.MultiValuedConditionKeys);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_GitHubTokenFromAnotherRepository_RefusedByRepositoryIdCondition()
    {
        var trust = ProviderFederation.Trust(ProviderIssuers.GitHub,
            """{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo-org/*"},"StringEquals":{"token.actions.githubusercontent.com:repository_id":"1296269"}}""");
        using var federation = await ProviderFederation.StartAsync(fixture, ("deploy", trust));

        var intended = await federation.AssumeAsync("deploy", federation.Token(ProviderIssuers.GitHub, GitHubClaims("octo-org/app", "1296269")));
        var sibling = await federation.AssumeAsync("deploy", federation.Token(ProviderIssuers.GitHub, GitHubClaims("octo-org/other", "7777777")));

        Assert.True(intended.IsSuccess, intended.Error?.Message);
        Assert.Equal("AccessDenied", sibling.Error!.Code);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_GitHubTokenFromRenamedLookalikeRepository_RefusedByRepositoryCondition()
    {
        var trust = ProviderFederation.Trust(ProviderIssuers.GitHub,
            """{"StringEquals":{"token.actions.githubusercontent.com:repository":"octo-org/app","token.actions.githubusercontent.com:environment":"production"}}""");
        using var federation = await ProviderFederation.StartAsync(fixture, ("deploy", trust));
        var claims = GitHubClaims("octo-org/app-fork", "1296269");

        var result = await federation.AssumeAsync("deploy", federation.Token(ProviderIssuers.GitHub, claims));

        Assert.Equal("AccessDenied", result.Error!.Code);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_GoogleOrganizationNumber_NumericConditionAdmitsOnlyThatOrganization()
    {
        var trust = ProviderFederation.Trust(ProviderIssuers.Google,
            """{"StringEquals":{"accounts.google.com:sub":"subject-1"},"NumericEquals":{"accounts.google.com:google/organization_number":"123456789012"}}""");
        using var federation = await ProviderFederation.StartAsync(fixture, ("gcp", trust));

        var member = await federation.AssumeAsync("gcp", federation.Token(ProviderIssuers.Google,
            new JsonObject { ["google"] = new JsonObject { ["organization_number"] = 123456789012 } }));
        var outsider = await federation.AssumeAsync("gcp", federation.Token(ProviderIssuers.Google,
            new JsonObject { ["google"] = new JsonObject { ["organization_number"] = 999999999999 } }));
        var noOrganization = await federation.AssumeAsync("gcp", federation.Token(ProviderIssuers.Google,
            new JsonObject { ["google"] = new JsonObject { ["organization_number"] = null } }));

        Assert.True(member.IsSuccess, member.Error?.Message);
        Assert.Equal("AccessDenied", outsider.Error!.Code);
        Assert.Equal("AccessDenied", noOrganization.Error!.Code);
    }

    [Fact]
    public async Task ValidateAsync_GoogleToken_OrganizationNumberIsTheNestedClaimAsANumber()
    {
        using var federation = await ProviderFederation.StartAsync(fixture);
        var token = federation.Token(ProviderIssuers.Google, new JsonObject
        {
            ["google"] = new JsonObject { ["organization_number"] = 123456789012 },
            ["google/organization_number"] = "000000000000",
        });

        var result = await federation.ValidateAsync(token);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(["123456789012"], result.Value.ConditionKeys["accounts.google.com:google/organization_number"]);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_CircleCiTokenFromAnotherProject_RefusedByProjectIdCondition()
    {
        var host = new Uri(ProviderIssuers.CircleCi).Host + new Uri(ProviderIssuers.CircleCi).AbsolutePath;
        var trust = ProviderFederation.Trust(ProviderIssuers.CircleCi,
            $$$"""{"StringEquals":{"{{{host}}}:aud":"{{{ProviderIssuers.CircleCiOrg}}}","{{{host}}}:oidc.circleci.com/project-id":"5c4f2e1a-0000-4000-8000-000000000001"}}""");
        using var federation = await ProviderFederation.StartAsync(fixture, ("circleci", trust));

        var ours = await federation.AssumeAsync("circleci", CircleCiToken(federation, "5c4f2e1a-0000-4000-8000-000000000001"));
        var theirs = await federation.AssumeAsync("circleci", CircleCiToken(federation, "5c4f2e1a-0000-4000-8000-000000000002"));

        Assert.True(ours.IsSuccess, ours.Error?.Message);
        Assert.Equal("AccessDenied", theirs.Error!.Code);
    }

    [Fact]
    public async Task ValidateAsync_CircleCiToken_ProjectIdKeyUnderThePerOrganizationIssuer()
    {
        using var federation = await ProviderFederation.StartAsync(fixture);

        var result = await federation.ValidateAsync(CircleCiToken(federation, "5c4f2e1a-0000-4000-8000-000000000001"));

        Assert.True(result.IsSuccess, result.Error?.Message);
        var prefix = "oidc.circleci.com/org/" + ProviderIssuers.CircleCiOrg + ":";
        Assert.Equal(["5c4f2e1a-0000-4000-8000-000000000001"], result.Value.ConditionKeys[prefix + "oidc.circleci.com/project-id"]);
        Assert.False(result.Value.ConditionKeys.ContainsKey(prefix + "oidc.circleci.com/context-ids"));
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_OciTokenForAnotherResourcePrincipal_RefusedByRpstIdCondition()
    {
        var host = new Uri(ProviderIssuers.Oci).Host;
        var trust = ProviderFederation.Trust(ProviderIssuers.Oci, $$$"""{"StringEquals":{"{{{host}}}:rpst_id":"ocid1.rpst.oc1..ours"}}""");
        using var federation = await ProviderFederation.StartAsync(fixture, ("oci", trust));

        var ours = await federation.AssumeAsync("oci", federation.Token(ProviderIssuers.Oci, new JsonObject { ["rpst_id"] = "ocid1.rpst.oc1..ours" }));
        var theirs = await federation.AssumeAsync("oci", federation.Token(ProviderIssuers.Oci, new JsonObject { ["rpst_id"] = "ocid1.rpst.oc1..theirs" }));

        Assert.True(ours.IsSuccess, ours.Error?.Message);
        Assert.Equal("AccessDenied", theirs.Error!.Code);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_GitLabTokenFromUnprotectedRef_RefusedByRefProtectedCondition()
    {
        var trust = ProviderFederation.Trust(ProviderIssuers.GitLab,
            """{"StringEquals":{"gitlab.com:project_id":"4242","gitlab.com:ref_protected":"true"}}""");
        using var federation = await ProviderFederation.StartAsync(fixture, ("gitlab", trust));

        var protectedRef = await federation.AssumeAsync("gitlab", federation.Token(ProviderIssuers.GitLab,
            new JsonObject { ["project_id"] = "4242", ["ref_protected"] = "true" }));
        var featureBranch = await federation.AssumeAsync("gitlab", federation.Token(ProviderIssuers.GitLab,
            new JsonObject { ["project_id"] = "4242", ["ref_protected"] = "false" }));

        Assert.True(protectedRef.IsSuccess, protectedRef.Error?.Message);
        Assert.Equal("AccessDenied", featureBranch.Error!.Code);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_BuildkiteBooleanAndNumberClaims_ComparedAsAwsRendersThem()
    {
        var trust = ProviderFederation.Trust(ProviderIssuers.Buildkite,
            """{"StringEquals":{"agent.buildkite.com:organization_slug":"acme"},"NumericEquals":{"agent.buildkite.com:pipeline_id":"17"},"Bool":{"agent.buildkite.com:cluster_name":"true"}}""");
        using var federation = await ProviderFederation.StartAsync(fixture, ("buildkite", trust));

        var result = await federation.AssumeAsync("buildkite", federation.Token(ProviderIssuers.Buildkite,
            new JsonObject { ["organization_slug"] = "acme", ["pipeline_id"] = 17, ["cluster_name"] = true }));

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_ArrayClaimSmuggledIntoSingleValuedKey_DoesNotSatisfyStringEquals()
    {
        var trust = ProviderFederation.Trust(ProviderIssuers.GitLab, """{"StringEquals":{"gitlab.com:user_login":"alice"}}""");
        var anyValue = ProviderFederation.Trust(ProviderIssuers.GitLab, """{"ForAnyValue:StringEquals":{"gitlab.com:user_login":"alice"}}""");
        using var federation = await ProviderFederation.StartAsync(fixture, ("gitlab", trust), ("gitlab-any", anyValue));
        var token = federation.Token(ProviderIssuers.GitLab, new JsonObject { ["user_login"] = new JsonArray("mallory", "alice") });

        var plain = await federation.AssumeAsync("gitlab", token);
        var validated = await federation.ValidateAsync(token);

        Assert.Equal("AccessDenied", plain.Error!.Code);
        Assert.Contains("gitlab.com:user_login", validated.Value.MultiValuedConditionKeys);
        Assert.True((await federation.AssumeAsync("gitlab-any", federation.Token(ProviderIssuers.GitLab,
            new JsonObject { ["user_login"] = new JsonArray("mallory", "alice") }))).IsSuccess);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_GitHubKeysOnAnotherIssuer_AreAbsentSoConditionsFail()
    {
        var trust = ProviderFederation.Trust(ProviderIssuers.GitLab, """{"StringEquals":{"gitlab.com:repository":"octo-org/app"}}""");
        using var federation = await ProviderFederation.StartAsync(fixture, ("gitlab", trust));

        var result = await federation.AssumeAsync("gitlab", federation.Token(ProviderIssuers.GitLab, new JsonObject { ["repository"] = "octo-org/app" }));

        Assert.Equal("AccessDenied", result.Error!.Code);
    }

    private static string CircleCiToken(ProviderFederation federation, string projectId) =>
        federation.Token(ProviderIssuers.CircleCi, new JsonObject
        {
            ["aud"] = ProviderIssuers.CircleCiOrg,
            ["sub"] = $"org/{ProviderIssuers.CircleCiOrg}/project/{projectId}/user/0a1b2c3d",
            ["oidc.circleci.com/project-id"] = projectId,
            ["oidc.circleci.com/context-ids"] = new JsonArray("c0ffee00-0000-4000-8000-000000000000"),
        });

    private static JsonObject GitHubClaims(string repository, string repositoryId) => new()
    {
        ["sub"] = $"repo:{repository}:environment:production",
        ["actor"] = "octocat",
        ["actor_id"] = "583231",
        ["enterprise_id"] = "42",
        ["environment"] = "production",
        ["job_workflow_ref"] = repository + "/.github/workflows/deploy.yml@refs/heads/main",
        ["ref"] = "refs/heads/main",
        ["repository"] = repository,
        ["repository_id"] = repositoryId,
        ["repository_owner"] = "octo-org",
        ["repository_owner_id"] = "9919",
        ["runner_environment"] = "github-hosted",
        ["workflow"] = "deploy",
    };
}
