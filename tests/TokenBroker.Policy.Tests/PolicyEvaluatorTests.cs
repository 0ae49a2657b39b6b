using TokenBroker.Policy.Evaluation;
using Xunit;

namespace TokenBroker.Policy.Tests;

public sealed class PolicyEvaluatorTests
{
    private const string Alice = "arn:aws:iam::111122223333:user/alice";

    private static Compiled.CompiledPolicy Compile(string json, PolicyKind kind = PolicyKind.Identity)
    {
        var result = PolicyDocument.Parse(json, kind);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        return result.Policy;
    }

    private static DecisionKind Evaluate(string identity, string resource, RequestContext context, string principal = Alice) =>
        PolicyEvaluator.Evaluate(new AuthorizationRequest(principal, "s3:GetObject", resource, context), new PolicySet([Compile(identity)])).Kind;

    [Theory]
    [InlineData("arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b/alice/x", DecisionKind.Allow)]
    [InlineData("arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b/bob/x", DecisionKind.ImplicitDeny)]
    [InlineData("arn:aws:s3:::b/${aws:PrincipalTag/team, 'none'}/*", "arn:aws:s3:::b/none/x", DecisionKind.Allow)]
    [InlineData("arn:aws:s3:::b/${aws:PrincipalTag/team}/*", "arn:aws:s3:::b//x", DecisionKind.ImplicitDeny)]
    [InlineData("arn:aws:s3:::b/a${*}b", "arn:aws:s3:::b/a*b", DecisionKind.Allow)]
    [InlineData("arn:aws:s3:::b/a${*}b", "arn:aws:s3:::b/aXb", DecisionKind.ImplicitDeny)]
    [InlineData("arn:aws:s3:::b/a${?}${$}", "arn:aws:s3:::b/a?$", DecisionKind.Allow)]
    public void Evaluate_PolicyVariablesInResource_ResolveOrNeverMatch(string pattern, string resource, DecisionKind expected)
    {
        var policy = $$$"""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"{{{pattern}}}"}}""";

        Assert.Equal(expected, Evaluate(policy, resource, new RequestContext()));
    }

    [Theory]
    [InlineData("arn:aws:s3:::bucket", "arn:aws:s3:::bucket", DecisionKind.Allow)]
    [InlineData("arn:aws:s3:::bucket", "arn:aws:s3:::bucket/k", DecisionKind.ImplicitDeny)]
    [InlineData("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b", DecisionKind.Allow)]
    [InlineData("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucketx/a", DecisionKind.ImplicitDeny)]
    [InlineData("arn:aws:s3:::bucket/*", "arn:aws:s3:::Bucket/a", DecisionKind.ImplicitDeny)]
    [InlineData("arn:aws:s3:::buck*", "arn:aws:s3:::bucket/a", DecisionKind.Allow)]
    [InlineData("arn:aws:s3:::b${?}cket/*", "arn:aws:s3:::b?cket/a", DecisionKind.Allow)]
    [InlineData("arn:aws:S3:::bucket/*", "arn:aws:s3:::bucket/a", DecisionKind.Allow)]
    public void Evaluate_ResourceKeyIndex_NeverHidesAMatchingStatement(string pattern, string resource, DecisionKind expected)
    {
        var statements = Enumerable.Range(0, 20).Select(i => $$$"""{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::other-{{{i}}}/*"}""")
            .Append($$$"""{"Effect":"Allow","Action":"s3:*","Resource":"{{{pattern}}}"}""");
        var policy = $$$"""{"Version":"2012-10-17","Statement":[{{{string.Join(',', statements)}}}]}""";

        Assert.Equal(expected, Evaluate(policy, resource, new RequestContext()));
    }

    [Fact]
    public void Evaluate_VariableInVersion2008_IsLiteralText()
    {
        var policy = """{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}"}}""";

        Assert.Equal(DecisionKind.Allow, Evaluate(policy, "arn:aws:s3:::b/${aws:username}", new RequestContext()));
        Assert.Equal(DecisionKind.ImplicitDeny, Evaluate(policy, "arn:aws:s3:::b/alice", new RequestContext()));
    }

    [Fact]
    public void Evaluate_TagValueHoldingWildcard_IsInsertedLiterally()
    {
        var policy = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringLike":{"s3:prefix":"${aws:PrincipalTag/team}/*"}}}}""";
        var context = new RequestContext().Set("aws:PrincipalTag/team", "*").Set("s3:prefix", "other/x");

        Assert.Equal(DecisionKind.ImplicitDeny, Evaluate(policy, "arn:aws:s3:::b", context));
    }

    [Theory]
    [InlineData("::ffff:10.1.2.3", DecisionKind.Allow)]
    [InlineData("10.255.255.255", DecisionKind.Allow)]
    [InlineData("11.0.0.1", DecisionKind.ImplicitDeny)]
    [InlineData("2001:db8::1", DecisionKind.Allow)]
    [InlineData("2001:db9::1", DecisionKind.ImplicitDeny)]
    [InlineData("not-an-ip", DecisionKind.ImplicitDeny)]
    public void Evaluate_IpAddress_MatchesV4V6AndUnmapsIpv4MappedAddresses(string sourceIp, DecisionKind expected)
    {
        var policy = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]}}}}""";

        Assert.Equal(expected, Evaluate(policy, "arn:aws:s3:::b", new RequestContext().Set("aws:SourceIp", sourceIp)));
    }

    [Theory]
    [InlineData("2030-01-01T00:00:00Z", DecisionKind.Allow)]
    [InlineData("1893456000", DecisionKind.Allow)]
    [InlineData("2019-12-31T23:59:59Z", DecisionKind.ImplicitDeny)]
    [InlineData("2020-01-01T01:00:00+02:00", DecisionKind.ImplicitDeny)]
    [InlineData("yesterday", DecisionKind.ImplicitDeny)]
    public void Evaluate_DateGreaterThan_ComparesIsoAndEpochInUtc(string currentTime, DecisionKind expected)
    {
        var policy = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01"}}}}""";

        Assert.Equal(expected, Evaluate(policy, "arn:aws:s3:::b", new RequestContext().Set("aws:CurrentTime", currentTime)));
    }

    [Fact]
    public void Evaluate_RoleSessionNamedInResourcePolicy_GrantsWithoutIdentityPolicy()
    {
        const string session = "arn:aws:sts::111122223333:assumed-role/R/s";
        var resource = Compile($$$"""{"Statement":{"Sid":"S","Effect":"Allow","Principal":{"AWS":"{{{session}}}"},"Action":"s3:GetObject","Resource":"*"}}""", PolicyKind.Resource);
        var sessionPolicy = Compile("""{"Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*"}}""", PolicyKind.Session);
        var request = new AuthorizationRequest(session, "s3:GetObject", "arn:aws:s3:::b/k");

        var decision = PolicyEvaluator.Evaluate(request, new PolicySet(resource: resource, session: [sessionPolicy]));

        Assert.Equal(DecisionKind.Allow, decision.Kind);
        Assert.Equal(["resource#S"], decision.GetDecidingStatements().Select(s => s.Name));
    }

    [Fact]
    public void Evaluate_RoleArnNamedInResourcePolicy_IsLimitedBySessionPolicy()
    {
        var resource = Compile("""{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/R"},"Action":"s3:GetObject","Resource":"*"}}""", PolicyKind.Resource);
        var sessionPolicy = Compile("""{"Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*"}}""", PolicyKind.Session);
        var request = new AuthorizationRequest("arn:aws:sts::111122223333:assumed-role/R/s", "s3:GetObject", "arn:aws:s3:::b/k");

        Assert.Equal(DecisionKind.ImplicitDeny, PolicyEvaluator.Evaluate(request, new PolicySet(resource: resource, session: [sessionPolicy])).Kind);
        Assert.Equal(DecisionKind.Allow, PolicyEvaluator.Evaluate(request, new PolicySet(resource: resource)).Kind);
    }

    [Fact]
    public void Evaluate_FederatedUserWithoutSessionPolicy_GetsNothing()
    {
        var identity = Compile("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""");
        var request = new AuthorizationRequest("arn:aws:sts::111122223333:federated-user/bob", "s3:GetObject", "arn:aws:s3:::b/k");

        Assert.Equal(DecisionKind.ImplicitDeny, PolicyEvaluator.Evaluate(request, new PolicySet([identity])).Kind);
    }

    [Fact]
    public void Evaluate_CrossAccountWithoutResourcePolicy_IsImplicitlyDenied()
    {
        var identity = Compile("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""");
        var request = new AuthorizationRequest(Alice, "sqs:SendMessage", "arn:aws:sqs:us-east-1:444455556666:q");

        Assert.Equal(DecisionKind.ImplicitDeny, PolicyEvaluator.Evaluate(request, new PolicySet([identity])).Kind);
    }

    [Fact]
    public void Evaluate_PrincipalArnOfRoleSession_IsTheRoleArn()
    {
        var request = new AuthorizationRequest("arn:aws:sts::111122223333:assumed-role/R/s", "s3:GetObject", "arn:aws:s3:::b");

        Assert.True(request.Context.TryGetValues("aws:principalarn", out var values));
        Assert.Equal(["arn:aws:iam::111122223333:role/R"], values);
    }

    [Fact]
    public void PolicySet_IdentityPolicyPassedAsTrustPolicy_IsRejected()
    {
        var identity = Compile("""{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}}""");

        Assert.Throws<ArgumentException>(() => new PolicySet(resource: identity));
        Assert.Throws<ArgumentException>(() => new PolicySet(permissionsBoundary: identity));
    }

    [Fact]
    public void PolicySet_ManagedPolicyAsSessionPolicy_IsAccepted()
    {
        // PolicyArns name managed policies, which are validated as identity policies and then act as session policies.
        var managed = Compile("""{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}""");

        var set = new PolicySet(session: [managed]);

        Assert.Single(set.Session);
    }

    [Fact]
    public void AuthorizationRequest_SharedContext_DoesNotLeakPrincipalArnToTheNextRequest()
    {
        var policy = Compile("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:user/admin"}}}}""");
        var shared = new RequestContext();

        var admin = new AuthorizationRequest("arn:aws:iam::111122223333:user/admin", "s3:GetObject", "arn:aws:s3:::b/k", shared);
        var mallory = new AuthorizationRequest("arn:aws:iam::111122223333:user/mallory", "s3:GetObject", "arn:aws:s3:::b/k", shared);

        Assert.Equal(DecisionKind.Allow, PolicyEvaluator.Evaluate(admin, new PolicySet([policy])).Kind);
        Assert.Equal(DecisionKind.ImplicitDeny, PolicyEvaluator.Evaluate(mallory, new PolicySet([policy])).Kind);
        Assert.False(shared.Contains("aws:PrincipalArn"));
    }

    [Fact]
    public void PolicyCache_SameDocumentTwice_ReturnsTheSameCompiledPolicy()
    {
        var cache = new PolicyCache();
        const string document = """{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""";

        var first = cache.GetOrParse(document, PolicyKind.Identity);
        var second = cache.GetOrParse(document, PolicyKind.Identity);
        var asSession = cache.GetOrParse(document, PolicyKind.Session);

        Assert.Same(first, second);
        Assert.NotSame(first, asSession);
        Assert.Equal(2, cache.Count);
    }
}
