using TokenBroker.Core.Model;

namespace TokenBroker.Cli.Tests;

/// <summary>
/// `directory apply` refuses a trust policy that trusts a recognised shared OIDC provider without evaluating its
/// identity-provider control, as IAM refuses CreateRole and UpdateAssumeRolePolicy (id_roles_providers_oidc_secure-by-default).
/// </summary>
public sealed class DirectoryApplyIdentityProviderControlsTests : IDisposable
{
    private readonly CliFixture _cli = new();

    public DirectoryApplyIdentityProviderControlsTests() => _cli.Init();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Apply_GitHubTrustWithoutSubCondition_RefusedSoAnyRepositoryCannotAssume()
    {
        var result = _cli.Apply(Directory("""{ StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } }"""));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("directory.yaml:9: MalformedPolicyDocument: the trust policy of role 'deploy': statement 1 allows "
            + "sts:AssumeRoleWithWebIdentity for the shared OIDC provider token.actions.githubusercontent.com but does not evaluate "
            + "its identity-provider control token.actions.githubusercontent.com:sub", result.Error, StringComparison.Ordinal);
        Assert.Null(await _cli.WithStoreAsync(s => s.Directory.FindRoleAsync(AccountId.Parse("111111111111"), "deploy", CancellationToken.None)));
    }

    [Fact]
    public void Apply_GitHubTrustWithBareWildcardSub_RefusedAsNoControl()
    {
        var result = _cli.Apply(Directory("""{ StringLike: { "token.actions.githubusercontent.com:sub": "*" } }"""));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not evaluate its identity-provider control", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_GitHubTrustWithRepositorySub_Applied()
    {
        var result = _cli.Apply(Directory("""{ StringLike: { "token.actions.githubusercontent.com:sub": "repo:octo/app:*" } }"""));

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Apply_GitHubTrustPinnedByRepositoryId_Applied()
    {
        var result = _cli.Apply(Directory("""{ StringEquals: { "token.actions.githubusercontent.com:repository_id": "1296269" } }"""));

        Assert.Equal(0, result.ExitCode);
    }

    private static string Directory(string condition) => $$"""
        accounts:
          - id: "111111111111"
            oidcProviders:
              - url: https://token.actions.githubusercontent.com
                clientIds: [sts.amazonaws.com]
            roles:
              - name: deploy
                maxSessionDuration: 3600
                trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: {{condition}} }] }
        """;
}
