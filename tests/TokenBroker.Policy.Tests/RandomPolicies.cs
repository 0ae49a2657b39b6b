using System.Text.Json.Nodes;
using CsCheck;
using TokenBroker.Policy.Compiled;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Policy.Tests;

/// <summary>Generators of small random policies and requests over a shared vocabulary, so statements often match.</summary>
internal static class RandomPolicies
{
    private static readonly string[] Actions = ["s3:GetObject", "s3:PutObject", "s3:*", "s3:Get*", "ec2:RunInstances", "*", "iam:*"];
    private static readonly string[] RequestActions = ["s3:GetObject", "s3:PutObject", "ec2:RunInstances", "iam:CreateUser"];
    private static readonly string[] Resources = ["*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/k", "arn:aws:s3:::other/*", "arn:aws:ec2:*:*:instance/*"];
    private static readonly string[] RequestResources = ["arn:aws:s3:::b/k", "arn:aws:s3:::other/x", "arn:aws:ec2:us-east-1:111122223333:instance/i-1"];

    private static readonly string?[] Conditions =
    [
        null,
        """{"StringEquals":{"aws:username":"alice"}}""",
        """{"Bool":{"aws:MultiFactorAuthPresent":"true"}}""",
        """{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}""",
        """{"StringNotEquals":{"aws:RequestedRegion":"us-east-1"}}""",
        """{"ForAnyValue:StringLike":{"aws:TagKeys":["team*"]}}""",
    ];

    public static readonly string[] Principals =
    [
        "arn:aws:iam::111122223333:user/alice",
        "arn:aws:sts::111122223333:assumed-role/R/s",
        "arn:aws:iam::111122223333:root",
    ];

    public static Gen<JsonObject> Statement(string effect) =>
        Gen.Select(Gen.Int[0, Actions.Length - 1], Gen.Bool, Gen.Int[0, Resources.Length - 1], Gen.Bool, Gen.Int[0, Conditions.Length - 1])
            .Select((a, notAction, r, notResource, c) =>
            {
                var statement = new JsonObject
                {
                    ["Effect"] = effect,
                    [notAction ? "NotAction" : "Action"] = Actions[a],
                    [notResource ? "NotResource" : "Resource"] = Resources[r],
                };
                if (Conditions[c] is { } condition)
                {
                    statement["Condition"] = JsonNode.Parse(condition);
                }

                return statement;
            });

    public static Gen<JsonObject> AnyStatement => Gen.Bool.SelectMany(allow => Statement(allow ? "Allow" : "Deny"));

    public static Gen<List<JsonObject>> Statements => AnyStatement.List[1, 5];

    public static Gen<AuthorizationRequest> Request(string[] principals) =>
        Gen.Select(Gen.Int[0, principals.Length - 1], Gen.Int[0, RequestActions.Length - 1], Gen.Int[0, RequestResources.Length - 1], Gen.Bool, Gen.Bool, Gen.Bool)
            .Select((p, a, r, mfa, inside, tags) =>
            {
                var context = new RequestContext().Set("aws:SourceIp", inside ? "10.1.2.3" : "192.0.2.1")
                    .Set("aws:RequestedRegion", inside ? "us-east-1" : "eu-west-1");
                if (mfa)
                {
                    context.Set("aws:MultiFactorAuthPresent", "true");
                }

                if (tags)
                {
                    context.SetMultiValued("aws:TagKeys", ["team", "cost"]);
                }

                return new AuthorizationRequest(principals[p], RequestActions[a], RequestResources[r], context);
            });

    /// <summary>Names every statement with a Sid from its original position, so shuffled policies keep statement names.</summary>
    public static CompiledPolicy Compile(IEnumerable<JsonObject> statements, PolicyKind kind, string sidPrefix = "S")
    {
        var array = new JsonArray();
        foreach (var statement in statements)
        {
            array.Add(statement.DeepClone());
        }

        var document = new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = array };
        var result = PolicyDocument.Parse(document.ToJsonString(), kind);
        Assert(result.IsValid, string.Join("; ", result.Errors));
        return result.Policy!;
    }

    public static List<JsonObject> WithSids(List<JsonObject> statements)
    {
        for (var i = 0; i < statements.Count; i++)
        {
            statements[i]["Sid"] = $"S{i}";
        }

        return statements;
    }

    private static void Assert(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
