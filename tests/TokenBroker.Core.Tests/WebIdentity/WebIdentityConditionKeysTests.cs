using System.Text.Json;
using TokenBroker.Core.Authentication.WebIdentity;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Tests.WebIdentity;

public class WebIdentityConditionKeysTests
{
    private static readonly AccountId Account = AccountId.Parse("111122223333");

    [Fact]
    public void Build_GoogleWithAzp_AudIsAzpAndOaudIsAud()
    {
        var provider = OidcProvider.Create(Account, "https://accounts.google.com", ["web-client", "android-client"]);
        using var claims = JsonDocument.Parse("""{"sub":"1234567890","aud":"web-client","azp":"android-client"}""");

        var keys = WebIdentityConditionKeys.Build(claims.RootElement, provider, new MatchedAudience("web-client", "android-client"), "1234567890").Values;

        Assert.Equal(["android-client"], keys["accounts.google.com:aud"]);
        Assert.Equal(["web-client"], keys["accounts.google.com:oaud"]);
        Assert.Equal(["android-client"], keys["accounts.google.com:azp"]);
        Assert.Equal(["1234567890"], keys["accounts.google.com:sub"]);
    }

    [Fact]
    public void Build_OtherProviderWithAzp_AudStaysTheMatchedAudience()
    {
        var provider = OidcProvider.Create(Account, "https://idp.example/tenant", ["client-a", "client-b"]);
        using var claims = JsonDocument.Parse("""{"sub":"subject-1","aud":"client-a","azp":"client-b"}""");

        var keys = WebIdentityConditionKeys.Build(claims.RootElement, provider, new MatchedAudience("client-a", "client-b"), "subject-1").Values;

        Assert.Equal(["client-a"], keys["idp.example/tenant:aud"]);
        Assert.Equal(["client-b"], keys["idp.example/tenant:azp"]);
        Assert.False(keys.ContainsKey("idp.example/tenant:oaud"));
    }

    [Fact]
    public void Build_AmrArray_MultiValued()
    {
        var provider = OidcProvider.Create(Account, "https://cognito-identity.amazonaws.com", ["us-east-1:pool"]);
        using var claims = JsonDocument.Parse("""{"amr":["authenticated","graph.facebook.com","graph.facebook.com:123"]}""");

        var keys = WebIdentityConditionKeys.Build(claims.RootElement, provider, new MatchedAudience("us-east-1:pool", null), "us-east-1:abc").Values;

        Assert.Equal(["authenticated", "graph.facebook.com", "graph.facebook.com:123"], keys["cognito-identity.amazonaws.com:amr"]);
        Assert.Equal(["us-east-1:pool"], keys["COGNITO-IDENTITY.amazonaws.com:AUD"]);
    }

    [Fact]
    public void Build_GitHubActions_ProviderSpecificClaims()
    {
        var provider = OidcProvider.Create(Account, "https://token.actions.githubusercontent.com", ["sts.amazonaws.com"]);
        using var claims = JsonDocument.Parse("""
            {"sub":"repo:octo/app:ref:refs/heads/main","actor":"octocat","actor_id":"583231","repository":"octo/app",
             "repository_id":"1296269","workflow":"deploy","ref":"refs/heads/main","environment":"prod",
             "job_workflow_ref":"octo/app/.github/workflows/deploy.yml@refs/heads/main","enterprise_id":"42",
             "repository_owner":"octo","runner_environment":{"nested":true}}
            """);

        var keys = WebIdentityConditionKeys.Build(claims.RootElement, provider, new MatchedAudience("sts.amazonaws.com", null),
            "repo:octo/app:ref:refs/heads/main").Values;

        const string p = "token.actions.githubusercontent.com:";
        Assert.Equal(["octocat"], keys[p + "actor"]);
        Assert.Equal(["1296269"], keys[p + "repository_id"]);
        Assert.Equal(["prod"], keys[p + "environment"]);
        Assert.Equal(["octo/app/.github/workflows/deploy.yml@refs/heads/main"], keys[p + "job_workflow_ref"]);
        Assert.Equal(["42"], keys[p + "enterprise_id"]);
        Assert.False(keys.ContainsKey(p + "repository_owner"));
    }

    [Fact]
    public void Build_GitHubClaimsOnAnotherIssuer_NotExposed()
    {
        var provider = OidcProvider.Create(Account, "https://idp.example", ["c"]);
        using var claims = JsonDocument.Parse("""{"actor":"octocat"}""");

        var keys = WebIdentityConditionKeys.Build(claims.RootElement, provider, new MatchedAudience("c", null), "subject-1").Values;

        Assert.False(keys.ContainsKey("idp.example:actor"));
    }

    [Theory]
    [InlineData("https://token.actions.githubusercontent.com/octo-enterprise")]
    [InlineData("https://token.actions.octocorp.ghe.com")]
    [InlineData("https://github.com/enterprises/octo-enterprise")]
    public void Build_GitHubIssuerVariants_GetTheGitHubKeys(string issuer)
    {
        var provider = OidcProvider.Create(Account, issuer, ["sts.amazonaws.com"]);
        using var claims = JsonDocument.Parse("""{"repository_owner_id":"9919"}""");

        var keys = WebIdentityConditionKeys.Build(claims.RootElement, provider, new MatchedAudience("sts.amazonaws.com", null), "subject-1").Values;

        Assert.Equal(["9919"], keys[provider.HostPath + ":repository_owner_id"]);
    }

    [Theory]
    [InlineData("https://token.actions.evil.example.ghe.com")]
    [InlineData("https://token.actions.githubusercontent.com/a/b")]
    [InlineData("https://oidc.circleci.com/org")]
    [InlineData("https://oidc.circleci.com/org/x/y")]
    [InlineData("https://idcs-x.identity.oraclecloud.com.evil.example")]
    [InlineData("https://token.actions.githubusercontent.com.evil.example")]
    public void Build_LookalikeIssuer_GetsNoProviderKeys(string issuer)
    {
        var provider = OidcProvider.Create(Account, issuer, ["c"]);
        using var claims = JsonDocument.Parse("""{"repository":"octo/app","oidc.circleci.com/project-id":"p","rpst_id":"r"}""");

        var keys = WebIdentityConditionKeys.Build(claims.RootElement, provider, new MatchedAudience("c", null), "subject-1").Values;

        Assert.Equal(2, keys.Count);
    }

    [Fact]
    public void Build_ClaimTypes_StringsNumbersBooleansAndArraysAsAwsComparesThem()
    {
        var provider = OidcProvider.Create(Account, "https://agent.buildkite.com", ["c"]);
        using var claims = JsonDocument.Parse("""
            {"pipeline_id":17,"cluster_id":1.5e3,"cluster_name":false,"organization_id":["a",2,true],
             "organization_slug":{"nested":"x"},"pipeline_slug":null,"build_branch":[]}
            """);

        var set = WebIdentityConditionKeys.Build(claims.RootElement, provider, new MatchedAudience("c", null), "subject-1");

        const string p = "agent.buildkite.com:";
        Assert.Equal(["17"], set.Values[p + "pipeline_id"]);
        Assert.Equal(["1.5e3"], set.Values[p + "cluster_id"]);
        Assert.Equal(["false"], set.Values[p + "cluster_name"]);
        Assert.Equal(["a", "2", "true"], set.Values[p + "organization_id"]);
        Assert.Equal([p + "organization_id"], set.MultiValued);
        Assert.False(set.Values.ContainsKey(p + "organization_slug"));
        Assert.False(set.Values.ContainsKey(p + "pipeline_slug"));
        Assert.False(set.Values.ContainsKey(p + "build_branch"));
    }
}
