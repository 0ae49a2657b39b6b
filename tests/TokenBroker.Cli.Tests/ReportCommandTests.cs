using TokenBroker.Core.Model;
using TokenBroker.Core.Usage;

namespace TokenBroker.Cli.Tests;

public sealed class ReportCommandTests : IDisposable
{
    private readonly CliFixture _cli = new();

    public ReportCommandTests() => _cli.Init();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task ReportCredentials_KeyWithRecordedUse_WritesTheCsvWithItsLastUse()
    {
        Assert.Equal(0, _cli.Apply("""
            accounts:
              - id: "111111111111"
                users:
                  - name: alice
                    accessKeys:
                      - id: AKIAREPORTALICE00001
                        secret: alice-secret-0000000000000000000000000000
            """).ExitCode);
        var key = AccessKeyId.Parse("AKIAREPORTALICE00001");
        await _cli.WithStoreAsync(async s =>
        {
            await s.Usage.WriteAsync([new AccessKeyUse(key, CliFixture.Now, "eu-west-1", "sts")], [], CancellationToken.None);
            return 0;
        });

        var report = _cli.Run("report", "credentials");

        Assert.Equal(0, report.ExitCode);
        var lines = report.Output.TrimEnd().Split('\n');
        Assert.Equal(22, lines[0].Split(',').Length);
        Assert.StartsWith("<root_account>,arn:aws:iam::111111111111:root,", lines[1], StringComparison.Ordinal);
        var alice = lines[2].Split(',');
        Assert.Equal(["alice", "arn:aws:iam::111111111111:user/alice"], alice[..2]);
        Assert.Equal(["true", "2026-03-04T05:06:07+00:00", "2026-03-04T05:06:07+00:00", "eu-west-1", "sts"], alice[8..13]);
    }

    [Fact]
    public void ReportCredentials_UnknownAccount_ErrorNamingIt()
    {
        var report = _cli.Run("report", "credentials", "--account", "999999999999");

        Assert.Equal(1, report.ExitCode);
        Assert.Contains("no account 999999999999", report.Error, StringComparison.Ordinal);
    }
}
