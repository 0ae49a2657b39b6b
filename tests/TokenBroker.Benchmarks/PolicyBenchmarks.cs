using System.Text;
using BenchmarkDotNet.Attributes;
using TokenBroker.Policy;
using TokenBroker.Policy.Compiled;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Benchmarks;

/// <summary>Policy engine: decisions on compiled policies (target ≤ 1 µs, 0 B) and parse + compile of 6 KB (≤ 100 µs).</summary>
[MemoryDiagnoser]
[MedianColumn]
public class PolicyBenchmarks
{
    private const string Alice = "arn:aws:iam::111122223333:user/alice";

    private PolicySet _oneStatement = null!;
    private PolicySet _hundredSameService = null!;
    private PolicySet _hundredMixedServices = null!;
    private PolicySet _explicitDeny = null!;
    private PolicySet _wildcards = null!;
    private PolicySet _conditionHeavy = null!;
    private PolicySet _trust = null!;
    private PolicySet _layered = null!;
    private PolicySet _kmsKeyPolicy = null!;
    private AuthorizationRequest _getObject = null!;
    private AuthorizationRequest _deleteObject = null!;
    private AuthorizationRequest _logsObject = null!;
    private AuthorizationRequest _conditioned = null!;
    private AuthorizationRequest _webIdentity = null!;
    private AuthorizationRequest _sessionRequest = null!;
    private AuthorizationRequest _kmsDecrypt = null!;
    private string _sixKilobytePolicy = null!;

    [GlobalSetup]
    public void Setup()
    {
        _getObject = new AuthorizationRequest(Alice, "s3:GetObject", "arn:aws:s3:::bucket/reports/q1.csv");
        _oneStatement = Identity(Statement("s3:GetObject", "arn:aws:s3:::bucket/*"));

        // 100 statements exceed the 6,144-character managed-policy quota, so they are measured as a bucket policy.
        _hundredSameService = BucketPolicy([.. Enumerable.Range(0, 99).Select(i => ($"s3:GetObject", $"arn:aws:s3:::bucket-{i}/*")), ("s3:GetObject", "arn:aws:s3:::bucket/*")]);
        _hundredMixedServices = BucketPolicy([.. Enumerable.Range(0, 99).Select(i => ($"service{i}:Get*", "*")), ("s3:GetObject", "arn:aws:s3:::bucket/*")]);

        _deleteObject = new AuthorizationRequest(Alice, "s3:DeleteObject", "arn:aws:s3:::bucket/reports/q1.csv");
        _explicitDeny = Identity(Statement("s3:*", "*"), """{"Effect":"Deny","Action":"s3:Delete*","Resource":"arn:aws:s3:::bucket/*"}""");

        _logsObject = new AuthorizationRequest(Alice, "s3:GetObjectVersion", "arn:aws:s3:::app-logs/eu/2024/01/02/file.gz");
        _wildcards = Identity(Statement("s3:*Object*", "arn:aws:s3:::*-logs/*/2024/*"), Statement("s3:List*", "arn:aws:s3:::*"));

        _conditioned = ConditionedRequest();
        _conditionHeavy = new PolicySet([Compile(File("ConditionHeavy"), PolicyKind.Identity)]);

        _webIdentity = new AuthorizationRequest(
            "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
            "sts:AssumeRoleWithWebIdentity",
            "arn:aws:iam::111122223333:role/Deploy",
            new RequestContext()
                .Set("token.actions.githubusercontent.com:aud", "sts.amazonaws.com")
                .Set("token.actions.githubusercontent.com:sub", "repo:octo/app:ref:refs/heads/main"));
        _trust = new PolicySet(resource: Compile(File("Trust"), PolicyKind.Trust));

        _sessionRequest = new AuthorizationRequest("arn:aws:sts::111122223333:assumed-role/Deploy/ci", "s3:GetObject", "arn:aws:s3:::bucket/reports/q1.csv");
        _layered = new PolicySet(
            [Compile(Document(Statement("s3:*", "*")), PolicyKind.Identity)],
            permissionsBoundary: Compile(Document(Statement("s3:Get*", "arn:aws:s3:::bucket/*")), PolicyKind.PermissionsBoundary),
            session: [Compile(Document(Statement("s3:GetObject", "arn:aws:s3:::bucket/reports/*")), PolicyKind.Session)]);

        // A role session decrypting with a key whose key policy delegates to the account; the identity policy names
        // the key with a shortened Resource ("arn:aws:kms:*"), which matches every KMS ARN.
        _kmsDecrypt = new AuthorizationRequest(
            "arn:aws:sts::111122223333:assumed-role/App/s1", "kms:Decrypt", "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        _kmsKeyPolicy = new PolicySet(
            [Compile(Document(Statement("kms:Decrypt", "arn:aws:kms:*")), PolicyKind.Identity)],
            resource: Compile(
                """{"Version":"2012-10-17","Statement":[{"Sid":"EnableIamPolicies","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}""",
                PolicyKind.Resource));

        _sixKilobytePolicy = SixKilobytePolicy();
        Expect(DecisionKind.Allow, OneStatement(), HundredStatementsSameServiceMatchLast(), HundredStatementsMixedServicesMatchLast(),
            WildcardActionsAndResources(), ConditionHeavyWithVariables(), TrustPolicySamlAndOidc(), IdentityBoundarySession(),
            KmsKeyPolicyDelegation());
        Expect(DecisionKind.ExplicitDeny, ExplicitDeny());
        Expect(true, ParseAndCompile6KB(), _sixKilobytePolicy.Length is > 5700 and <= 6144);
    }

    /// <summary>A benchmark of the wrong outcome measures nothing useful, so setup fails instead.</summary>
    private static void Expect<T>(T expected, params T[] actual)
    {
        if (actual.Any(a => !EqualityComparer<T>.Default.Equals(a, expected)))
        {
            throw new InvalidOperationException($"Benchmark setup: expected {expected}, got {string.Join(", ", actual)}.");
        }
    }

    [Benchmark]
    public DecisionKind OneStatement() => PolicyEvaluator.Evaluate(_getObject, _oneStatement).Kind;

    [Benchmark]
    public DecisionKind HundredStatementsSameServiceMatchLast() => PolicyEvaluator.Evaluate(_getObject, _hundredSameService).Kind;

    [Benchmark]
    public DecisionKind HundredStatementsMixedServicesMatchLast() => PolicyEvaluator.Evaluate(_getObject, _hundredMixedServices).Kind;

    [Benchmark]
    public DecisionKind ExplicitDeny() => PolicyEvaluator.Evaluate(_deleteObject, _explicitDeny).Kind;

    [Benchmark]
    public DecisionKind WildcardActionsAndResources() => PolicyEvaluator.Evaluate(_logsObject, _wildcards).Kind;

    [Benchmark]
    public DecisionKind ConditionHeavyWithVariables() => PolicyEvaluator.Evaluate(_conditioned, _conditionHeavy).Kind;

    [Benchmark]
    public DecisionKind TrustPolicySamlAndOidc() => PolicyEvaluator.Evaluate(_webIdentity, _trust).Kind;

    [Benchmark]
    public DecisionKind IdentityBoundarySession() => PolicyEvaluator.Evaluate(_sessionRequest, _layered).Kind;

    [Benchmark]
    public DecisionKind KmsKeyPolicyDelegation() => PolicyEvaluator.Evaluate(_kmsDecrypt, _kmsKeyPolicy).Kind;

    [Benchmark]
    public bool ParseAndCompile6KB() => PolicyDocument.Parse(_sixKilobytePolicy, PolicyKind.Identity).IsValid;

    private static string Statement(string action, string resource) =>
        $$"""{"Effect":"Allow","Action":"{{action}}","Resource":"{{resource}}"}""";

    private static string Document(params string[] statements) =>
        $$"""{"Version":"2012-10-17","Statement":[{{string.Join(',', statements)}}]}""";

    private static PolicySet BucketPolicy((string Action, string Resource)[] statements) =>
        new(resource: Compile(
            Document([.. statements.Select(s => $$"""{"Effect":"Allow","Principal":{"AWS":"{{Alice}}"},"Action":"{{s.Action}}","Resource":"{{s.Resource}}"}""")]),
            PolicyKind.Resource));

    private static PolicySet Identity(params string[] statements) =>
        new([Compile(Document(statements), PolicyKind.Identity)]);

    private static CompiledPolicy Compile(string json, PolicyKind kind)
    {
        var result = PolicyDocument.Parse(json, kind);
        return result.Policy ?? throw new InvalidOperationException(string.Join("; ", result.Errors));
    }

    private static AuthorizationRequest ConditionedRequest()
    {
        var context = new RequestContext()
            .Set("aws:PrincipalTag/team", "analytics")
            .Set("s3:prefix", "alice/reports/")
            .Set("aws:SourceIp", "203.0.113.9")
            .Set("aws:SecureTransport", "true")
            .Set("s3:max-keys", "100")
            .Set("aws:CurrentTime", "2026-06-01T12:00:00Z")
            .Set("aws:RequestedRegion", "eu-west-1")
            .Set("aws:TokenIssueTime", "2026-06-01T11:00:00Z")
            .Set("aws:userid", "AIDAEXAMPLE:alice")
            .SetMultiValued("aws:TagKeys", ["project", "cost-center"]);
        return new AuthorizationRequest(Alice, "s3:ListBucket", "arn:aws:s3:::bucket", context);
    }

    private static string File(string name) => name switch
    {
        "ConditionHeavy" => """
            {"Version":"2012-10-17","Statement":[{"Sid":"Conditioned","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::bucket",
             "Condition":{
               "StringEquals":{"aws:PrincipalTag/team":"analytics"},
               "StringLike":{"s3:prefix":["${aws:username}/*","shared/*"]},
               "ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:user/${aws:username}"},
               "IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:db8::/32"]},
               "Bool":{"aws:SecureTransport":"true"},
               "NumericLessThanEquals":{"s3:max-keys":"1000"},
               "DateGreaterThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"},
               "ForAnyValue:StringEquals":{"aws:TagKeys":["project","owner"]},
               "StringNotEquals":{"aws:RequestedRegion":"us-east-1"},
               "Null":{"aws:TokenIssueTime":"false"},
               "StringEqualsIgnoreCase":{"aws:userid":"aidaexample:${aws:username}"}}}]}
            """,
        _ => """
            {"Version":"2012-10-17","Statement":[
             {"Sid":"Saml","Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/Okta"},
              "Action":["sts:AssumeRoleWithSAML","sts:TagSession"],
              "Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml","SAML:iss":"http://www.okta.com/exk1"},
                           "StringLike":{"SAML:sub":"*@example.com"}}},
             {"Sid":"GitHub","Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
              "Action":"sts:AssumeRoleWithWebIdentity",
              "Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},
                           "StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo/*:ref:refs/heads/main"}}}]}
            """,
    };

    private static string SixKilobytePolicy()
    {
        var statements = new List<string>();
        var builder = new StringBuilder();
        for (var i = 0; builder.Length < 5700; i++)
        {
            var statement = $$$$"""{"Sid":"S{{{{i}}}}","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bucket-{{{{i}}}}/${aws:username}/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"t{{{{i}}}}"}}}""";
            statements.Add(statement);
            builder.Append(statement);
        }

        return Document([.. statements]);
    }
}
