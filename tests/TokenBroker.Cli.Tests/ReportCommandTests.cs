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

    private const string AdvisorDirectory = """
        accounts:
          - id: "111111111111"
            users:
              - name: alice
                groups: [devs]
                policies:
                  - name: own
                    document: {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:GetCallerIdentity","s3:GetObject"],"Resource":"*"}]}
              - name: bob
                groups: [devs]
            groups:
              - name: devs
                policies:
                  - name: assume
                    document: {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}
        """;

    [Fact]
    public async Task ReportAccess_UserWithRecordedAttempt_PrintsEveryAllowedServiceAndTheLastAttempt()
    {
        Assert.Equal(0, _cli.Apply(AdvisorDirectory).ExitCode);
        await _cli.WithStoreAsync(async s =>
        {
            await s.Usage.WriteAsync([], [new ActionUse("arn:aws:iam::111111111111:user/alice", "sts", "AssumeRole", CliFixture.Now, "eu-west-1")], CancellationToken.None);
            return 0;
        });

        var report = _cli.Run("report", "access", "arn:aws:iam::111111111111:user/alice", "--granularity", "action");

        Assert.Equal(0, report.ExitCode);
        var lines = report.Output.TrimEnd().Split('\n');
        Assert.Equal("arn:aws:iam::111111111111:user/alice (user, 1 counted entities)", lines[0]);
        Assert.Equal("s3 (s3): not attempted in the tracking period, 0 of 1 entities", lines[1]);
        Assert.Equal("  s3:GetObject: not attempted in the tracking period", lines[2]);
        Assert.Equal("sts (AWS Security Token Service): last attempted 2026-03-04T05:06:07Z by arn:aws:iam::111111111111:user/alice in eu-west-1, 1 of 1 entities", lines[3]);
        Assert.Equal("  sts:AssumeRole: last attempted 2026-03-04T05:06:07Z by arn:aws:iam::111111111111:user/alice in eu-west-1", lines[4]);
        Assert.Equal("  sts:GetCallerIdentity: not attempted in the tracking period", lines[5]);
    }

    [Fact]
    public void ReportAccess_GroupServiceLevel_CountsItsMembersWithoutActions()
    {
        Assert.Equal(0, _cli.Apply(AdvisorDirectory).ExitCode);

        var report = _cli.Run("report", "access", "arn:aws:iam::111111111111:group/devs");

        Assert.Equal(0, report.ExitCode);
        Assert.Equal(
            ["arn:aws:iam::111111111111:group/devs (group, 2 counted entities)", "sts (AWS Security Token Service): not attempted in the tracking period, 0 of 2 entities"],
            report.Output.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("arn:aws:iam::111111111111:user/nobody")]
    [InlineData("not-an-arn")]
    public void ReportAccess_ArnNamingNoEntity_ErrorNamingIt(string arn)
    {
        Assert.Equal(0, _cli.Apply(AdvisorDirectory).ExitCode);

        var report = _cli.Run("report", "access", arn);

        Assert.Equal(1, report.ExitCode);
        Assert.Contains("No user, group, role or customer managed policy has the ARN " + arn, report.Error, StringComparison.Ordinal);
    }
}
