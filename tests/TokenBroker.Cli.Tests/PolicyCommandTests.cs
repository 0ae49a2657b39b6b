using System.CommandLine;
using TokenBroker.Cli.Commands;
using Xunit;

namespace TokenBroker.Cli.Tests;

[Collection("Console")]
public sealed class PolicyCommandTests
{
    [Fact]
    public void PolicySimulate_JsonLinesOnStdin_WritesOneResultLinePerRequest()
    {
        var root = new RootCommand();
        root.Subcommands.Add(PolicyCommand.Create());
        const string input = """
            {"id":"a","principalArn":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObject","resourceArn":"arn:aws:s3:::b/k","identityPolicies":[{"Statement":{"Sid":"R","Effect":"Allow","Action":"s3:Get*","Resource":"*"}}]}
            {"id":"b","action":"s3:GetObject","resourceArn":"arn:aws:s3:::b/k"}
            """;
        var originalIn = Console.In;
        var originalOut = Console.Out;
        using var output = new StringWriter();
        try
        {
            Console.SetIn(new StringReader(input));
            Console.SetOut(output);

            var exitCode = root.Parse(["policy", "simulate"]).Invoke();

            Assert.Equal(0, exitCode);
        }
        finally
        {
            Console.SetIn(originalIn);
            Console.SetOut(originalOut);
        }

        Assert.Equal(
            [
                """{"id":"a","decision":"Allow","statements":["identity[0]#R"],"errors":[]}""",
                """{"id":"b","decision":"ImplicitDeny","statements":[],"errors":[]}""",
            ],
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }
}
