using CsCheck;
using TokenBroker.Policy.Evaluation;
using Xunit;

namespace TokenBroker.Policy.Tests;

public sealed class RobustnessPropertyTests
{
    private const string Valid = """{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":["s3:Get*"],"Resource":"arn:aws:s3:::b/${aws:username, 'x'}/*","Condition":{"StringLike":{"s3:prefix":"${aws:username}/*"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}""";

    [Fact]
    public void Parse_MutatedDocument_NeverThrowsAndEitherCompilesOrExplains()
    {
        Gen.Select(Gen.Int[0, Valid.Length - 1], Gen.Char["{}[]\":,*?$ \\a"], Gen.Int[0, 2]).Sample((position, c, mode) =>
        {
            var document = mode switch
            {
                0 => Valid.Remove(position, 1),
                1 => Valid.Insert(position, c.ToString()),
                _ => Valid.Remove(position, 1).Insert(position, c.ToString()),
            };
            var result = PolicyDocument.Parse(document, PolicyKind.Identity);
            return result.IsValid ? result.Errors.Count == 0 : result.Errors.Count > 0;
        });
    }

    [Fact]
    public void Evaluate_ArbitraryArnsAndContextValues_NeverThrows()
    {
        var policy = PolicyDocument.Parse(Valid, PolicyKind.Identity).Policy!;
        var text = Gen.String[Gen.Char["arn:aws/s3*?${}:.-0123456789f"], 0, 40];
        Gen.Select(text, text, text, text).Sample((principal, action, resource, value) =>
        {
            var context = new RequestContext().Set("aws:SourceIp", value).Set("s3:prefix", value).SetMultiValued("aws:TagKeys", [value]);
            var decision = PolicyEvaluator.Evaluate(new AuthorizationRequest(principal, action, resource, context), new PolicySet([policy]));
            var statements = decision.GetDecidingStatements();
            return decision.Kind == DecisionKind.ImplicitDeny ? statements.Count == 0 : statements.Count > 0;
        });
    }
}
