using TokenBroker.Policy.Evaluation;
using Xunit;

namespace TokenBroker.Policy.Tests;

public sealed class PrincipalTests
{
    private const string TrustRoleWithPath = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ops/deploy"},"Action":"sts:AssumeRole"}]}
        """;

    [Theory]
    [InlineData("arn:aws:iam::111122223333:user/team/alice", PrincipalKind.User, "/team/", "alice", null)]
    [InlineData("arn:aws:iam::111122223333:role/deploy", PrincipalKind.Role, "/", "deploy", null)]
    [InlineData("arn:aws:sts::111122223333:assumed-role/deploy/s1", PrincipalKind.AssumedRole, "/", "deploy", "s1")]
    [InlineData("arn:aws:sts::111122223333:federated-user/bob", PrincipalKind.FederatedUser, null, "bob", null)]
    [InlineData("arn:aws:iam::111122223333:root", PrincipalKind.Root, null, null, null)]
    [InlineData("arn:aws:iam::111122223333:saml-provider/idp", PrincipalKind.Other, null, null, null)]
    public void Parse_IamArns_KindPathNameAndSession(string arn, PrincipalKind kind, string? path, string? name, string? session)
    {
        var principal = Principal.Parse(arn);

        Assert.Equal((kind, "111122223333", path, name, session, arn), (principal.Kind, principal.Account, principal.Path, principal.Name, principal.SessionName, principal.Arn));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Parse_Empty_Anonymous(string? arn) => Assert.Same(Principal.Anonymous, Principal.Parse(arn));

    [Fact]
    public void Parse_NotAnArn_OtherWithNoAccount()
    {
        var principal = Principal.Parse("accounts.google.com");

        Assert.Equal((PrincipalKind.Other, ""), (principal.Kind, principal.Account));
    }

    [Fact]
    public void AssumedRole_Typed_SameArnAsParsedAndIssuerKeepsRolePath()
    {
        var typed = Principal.AssumedRole("111122223333", "/ops/", "deploy", "s1");

        Assert.Equal(Principal.Parse("arn:aws:sts::111122223333:assumed-role/deploy/s1").Arn, typed.Arn);
        Assert.Equal("arn:aws:iam::111122223333:role/ops/deploy", typed.IssuerArn);
    }

    [Fact]
    public void Evaluate_TrustNamesRoleWithPath_TypedSessionMatchesWhereParsedArnCannot()
    {
        var trust = PolicyDocument.Parse(TrustRoleWithPath, PolicyKind.Trust).Policy;
        var set = new PolicySet(resource: trust);
        const string target = "arn:aws:iam::111122223333:role/target";

        var typed = PolicyEvaluator.Evaluate(new AuthorizationRequest(Principal.AssumedRole("111122223333", "/ops/", "deploy", "s1"), "sts:AssumeRole", target), set);
        var parsed = PolicyEvaluator.Evaluate(new AuthorizationRequest("arn:aws:sts::111122223333:assumed-role/deploy/s1", "sts:AssumeRole", target), set);

        Assert.Equal((DecisionKind.Allow, DecisionKind.ImplicitDeny), (typed.Kind, parsed.Kind));
    }

    [Fact]
    public void AuthorizationRequest_UserPrincipal_UsernameOnlyForUsers()
    {
        var user = new AuthorizationRequest(Principal.User("111122223333", "/", "alice"), "s3:GetObject", "*");
        var session = new AuthorizationRequest(Principal.AssumedRole("111122223333", "/", "alice", "s1"), "s3:GetObject", "*");

        Assert.True(user.Context.Contains("aws:username"));
        Assert.False(session.Context.Contains("aws:username"));
    }
}
