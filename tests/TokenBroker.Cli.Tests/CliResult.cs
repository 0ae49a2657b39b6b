using System.Text.RegularExpressions;

namespace TokenBroker.Cli.Tests;

public sealed partial record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>The "AccessKeyId: …"/"SecretAccessKey: …" pairs printed by init, or the "AccessKeyId=… SecretAccessKey=…" pairs of apply.</summary>
    public IReadOnlyList<(string Id, string Secret)> PrintedKeys =>
        KeyPair().Matches(Output).Select(m => (m.Groups["id"].Value, m.Groups["secret"].Value)).ToList();

    [GeneratedRegex(@"AccessKeyId[:=]\s*(?<id>AKIA[A-Z0-9]+)\s+SecretAccessKey[:=]\s*(?<secret>\S+)")]
    private static partial Regex KeyPair();
}
