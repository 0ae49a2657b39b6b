using System.CommandLine;
using TokenBroker.Policy.Simulation;

namespace TokenBroker.Cli.Commands;

/// <summary><c>tokenbroker policy</c>: tools for IAM policies (docs/policy-simulate.md).</summary>
internal static class PolicyCommand
{
    public static Command Create()
    {
        var simulate = new Command(
            "simulate",
            "Evaluate authorization requests read as JSON Lines on stdin; write one JSON result line per request to stdout.");
        simulate.SetAction(async (_, cancellationToken) =>
        {
            await new PolicySimulator().RunAsync(Console.In, Console.Out, cancellationToken);
            return 0;
        });

        var policy = new Command("policy", "Work with IAM policy documents.");
        policy.Subcommands.Add(simulate);
        policy.Subcommands.Add(PolicySummaryCommand.Create());
        return policy;
    }
}
