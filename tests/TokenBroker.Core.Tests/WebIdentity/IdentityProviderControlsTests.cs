using TokenBroker.Core.Authentication.WebIdentity;

namespace TokenBroker.Core.Tests.WebIdentity;

/// <summary>IAM identity-provider controls for shared OIDC providers (id_roles_providers_oidc_secure-by-default).</summary>
public class IdentityProviderControlsTests
{
    private const string GitHubArn = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
    private static readonly string[] GitHubOnly = ["token.actions.githubusercontent.com"];

    [Fact]
    public void Check_GitHubTrustWithOnlyAud_RefusedBecauseAnyRepositoryCouldAssume()
    {
        var problems = IdentityProviderControls.Check(Trust(GitHubArn, """{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}"""), GitHubOnly);

        var problem = Assert.Single(problems);
        Assert.Contains("shared OIDC provider token.actions.githubusercontent.com", problem, StringComparison.Ordinal);
        Assert.Contains("token.actions.githubusercontent.com:sub", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo/app:*"}}""")]
    [InlineData("""{"StringEquals":{"TOKEN.ACTIONS.GITHUBUSERCONTENT.COM:SUB":"repo:octo/app:ref:refs/heads/main"}}""")]
    [InlineData("""{"StringLikeIfExists":{"token.actions.githubusercontent.com:sub":["repo:octo/app:*","repo:octo/lib:*"]}}""")]
    [InlineData("""{"ForAnyValue:StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo/*"}}""")]
    [InlineData("""{"StringEquals":{"token.actions.githubusercontent.com:repository_owner_id":"9919"}}""")]
    [InlineData("""{"StringLike":{"token.actions.githubusercontent.com:job_workflow_ref":"octo/pipelines/.github/workflows/deploy.yml@*"}}""")]
    public void Check_GitHubTrustEvaluatingItsControl_Accepted(string condition)
    {
        Assert.Empty(IdentityProviderControls.Check(Trust(GitHubArn, condition), GitHubOnly));
    }

    [Theory]
    [InlineData("""{"StringLike":{"token.actions.githubusercontent.com:sub":"*"}}""")]
    [InlineData("""{"StringLike":{"token.actions.githubusercontent.com:sub":["repo:octo/*","*"]}}""")]
    [InlineData("""{"StringNotEquals":{"token.actions.githubusercontent.com:sub":"repo:evil/app:*"}}""")]
    [InlineData("""{"ForAllValues:StringEquals":{"token.actions.githubusercontent.com:sub":"repo:octo/app:ref:refs/heads/main"}}""")]
    [InlineData("""{"Null":{"token.actions.githubusercontent.com:sub":"false"}}""")]
    [InlineData("""{"StringEquals":{"token.actions.githubusercontent.com:actor":"octocat"}}""")]
    public void Check_GitHubConditionThatAdmitsEveryTenant_IsNoControl(string condition)
    {
        Assert.Single(IdentityProviderControls.Check(Trust(GitHubArn, condition), GitHubOnly));
    }

    [Fact]
    public void Check_WildcardPrincipalWithWebIdentityAction_NeedsTheControlOfEveryRegisteredSharedProvider()
    {
        var policy = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRoleWith*"}}""";

        var problems = IdentityProviderControls.Check(policy, ["token.actions.githubusercontent.com", "idp.example.com", "gitlab.com"]);

        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void Check_NotActionThatLeavesWebIdentityAllowed_StillNeedsTheControl()
    {
        var policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"{{GitHubArn}}"},"NotAction":"sts:TagSession"}]}""";

        Assert.Single(IdentityProviderControls.Check(policy, GitHubOnly));
    }

    [Fact]
    public void Check_CognitoIdentityPool_ControlIsAud()
    {
        var withoutAud = Trust("cognito-identity.amazonaws.com", """{"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}}""");
        var withAud = Trust("cognito-identity.amazonaws.com", """{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:pool"}}""");

        Assert.Single(IdentityProviderControls.Check(withoutAud, []));
        Assert.Empty(IdentityProviderControls.Check(withAud, []));
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com/octo-enterprise")]
    [InlineData("arn:aws:iam::111122223333:oidc-provider/oidc.circleci.com/org/7d1b2f0e-3c4a-4b5d-8e6f-9a0b1c2d3e4f")]
    [InlineData("arn:aws:iam::111122223333:oidc-provider/idp.example.com")]
    public void Check_PrivateIssuer_NeedsNoControl(string providerArn)
    {
        Assert.Empty(IdentityProviderControls.Check(Trust(providerArn, "{}"), []));
    }

    [Fact]
    public void Check_DenyStatementsAndOtherActions_AreNotChecked()
    {
        var policy = $$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Deny","Principal":{"Federated":"{{GitHubArn}}"},"Action":"sts:AssumeRoleWithWebIdentity"},
              {"Effect":"Allow","Principal":{"Federated":"{{GitHubArn}}"},"Action":"sts:TagSession"}]}
            """;

        Assert.Empty(IdentityProviderControls.Check(policy, GitHubOnly));
    }

    [Fact]
    public void Check_ControlInAnotherStatement_DoesNotCoverTheOpenOne()
    {
        var policy = $$$$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":{"Federated":"{{{{GitHubArn}}}}"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo/*"}}},
              {"Effect":"Allow","Principal":{"Federated":"{{{{GitHubArn}}}}"},"Action":"sts:AssumeRoleWithWebIdentity"}]}
            """;

        var problem = Assert.Single(IdentityProviderControls.Check(policy, GitHubOnly));
        Assert.StartsWith("statement 2 ", problem, StringComparison.Ordinal);
    }

    private static string Trust(string federated, string condition) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"{{federated}}"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{{condition}}}]}""";
}
