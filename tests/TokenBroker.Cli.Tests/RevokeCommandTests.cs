using TokenBroker.Core.Audit;
using TokenBroker.Core.Revocation;

namespace TokenBroker.Cli.Tests;

public sealed class RevokeCommandTests : IDisposable
{
    private readonly CliFixture _cli = new();

    public RevokeCommandTests() => Assert.Equal(0, _cli.Init().ExitCode);

    public void Dispose() => _cli.Dispose();

    private Task<DateTimeOffset?> CutoffAsync(RevocationScope scope, string subject) =>
        _cli.WithStoreAsync(store => store.Revocations.GetCutoffAsync(scope, subject, CancellationToken.None));

    [Fact]
    public async Task Revoke_Role_SetsCutoffNowAndPrintsIt()
    {
        var result = _cli.Run("revoke", "--role", "arn:aws:iam::111111111111:role/Demo");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Role arn:aws:iam::111111111111:role/demo: credentials issued before 2026-03-04T05:06:07.000Z are now rejected.\n", result.Output);
        Assert.Equal(CliFixture.Now, await CutoffAsync(RevocationScope.Role, "arn:aws:iam::111111111111:role/demo"));
    }

    [Theory]
    [InlineData("--session", "ASIAEXAMPLE", RevocationScope.Session, "ASIAEXAMPLE")]
    [InlineData("--source-identity", "alice@example.com", RevocationScope.SourceIdentity, "alice@example.com")]
    [InlineData("--principal", "arn:aws:iam::111111111111:user/ops/Alice", RevocationScope.Principal, "arn:aws:iam::111111111111:user/alice")]
    [InlineData("--signing-key", "sk-1", RevocationScope.SigningKey, "sk-1")]
    public async Task Revoke_EachScope_SetsNormalizedCutoff(string option, string value, RevocationScope scope, string subject)
    {
        var result = _cli.Run("revoke", option, value, "--before", "2026-03-01T00:00:00Z");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), await CutoffAsync(scope, subject));
    }

    [Fact]
    public async Task Revoke_Subject_TakesIssuerAndSub()
    {
        var result = _cli.Run("revoke", "--subject", "https://idp.example.com", "user-42");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(CliFixture.Now, await CutoffAsync(RevocationScope.ProviderSubject, "https://idp.example.com user-42"));
    }

    [Fact]
    public async Task Revoke_EarlierThanExisting_KeepsLaterCutoff()
    {
        _cli.Run("revoke", "--session", "ASIAEXAMPLE");

        var result = _cli.Run("revoke", "--session", "ASIAEXAMPLE", "--before", "2020-01-01T00:00:00Z");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("an existing later cutoff 2026-03-04T05:06:07.000Z stays", result.Output, StringComparison.Ordinal);
        Assert.Equal(CliFixture.Now, await CutoffAsync(RevocationScope.Session, "ASIAEXAMPLE"));
    }

    [Theory]
    [InlineData]
    [InlineData("--role", "arn:aws:iam::111111111111:role/a", "--session", "ASIAEXAMPLE")]
    [InlineData("--role", "arn:aws:iam::111111111111:role/a", "--before", "yesterday")]
    public void Revoke_NoneTwoOrBadTime_FailsWithMessage(params string[] args)
    {
        var result = _cli.Run(["revoke", .. args]);

        Assert.Equal(1, result.ExitCode);
        Assert.NotEmpty(result.Error);
    }

    [Fact]
    public void RevokeList_AfterTwoCutoffs_PrintsBoth()
    {
        _cli.Run("revoke", "--role", "arn:aws:iam::111111111111:role/demo");
        _cli.Run("revoke", "--source-identity", "bob", "--before", "2026-01-01T00:00:00Z");

        var result = _cli.Run("revoke", "--list");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "2026-03-04T05:06:07.000Z\tRole\tarn:aws:iam::111111111111:role/demo\n2026-01-01T00:00:00.000Z\tSourceIdentity\tbob\n",
            result.Output);
    }

    [Fact]
    public async Task Audit_SinceActionLimit_PrintsJsonLinesNewestFirst()
    {
        await _cli.WithStoreAsync(async store =>
        {
            foreach (var (minute, action) in new[] { (1, "AssumeRole"), (2, "GetSessionToken"), (3, "AssumeRole") })
            {
                await store.AuditLog.AppendAsync(new AuditRecord(
                    CliFixture.Now.AddMinutes(minute), $"req-{minute}", action, AuditOutcome.Success, null,
                    "arn:aws:iam::111111111111:user/admin", "AKIAEXAMPLE", "127.0.0.1", "aws-cli/2", null, null, null,
                    "ASIAEXAMPLE", CliFixture.Now.AddHours(1), 0), CancellationToken.None);
            }

            return 0;
        });

        var all = _cli.Run("audit");
        var filtered = _cli.Run("audit", "--action", "AssumeRole", "--since", "2026-03-04T05:07:00Z", "--limit", "1");

        Assert.Equal(0, all.ExitCode);
        Assert.Equal(3, all.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(
            """{"time":"2026-03-04T05:09:07Z","requestId":"req-3","action":"AssumeRole","outcome":"Success","callerArn":"arn:aws:iam::111111111111:user/admin","callerAccessKeyId":"AKIAEXAMPLE","sourceIp":"127.0.0.1","userAgent":"aws-cli/2","issuedAccessKeyId":"ASIAEXAMPLE","expiration":"2026-03-04T06:06:07Z","packedPolicySize":0}""" + "\n",
            filtered.Output);
    }

    [Fact]
    public async Task Audit_MfaDeviceLocked_PrintsTheDevice()
    {
        await _cli.WithStoreAsync(async store =>
        {
            await store.AuditLog.AppendAsync(new AuditRecord(
                CliFixture.Now, "req-mfa", MfaActions.DeviceLocked, AuditOutcome.Failure, "AccessDenied",
                "arn:aws:iam::111111111111:user/alice", "AKIAEXAMPLE", "127.0.0.1", null, null, null, null, null, null, null,
                "arn:aws:iam::111111111111:mfa/alice"), CancellationToken.None);
            return 0;
        });

        var locked = _cli.Run("audit", "--action", "MfaDeviceLocked");

        Assert.Equal(0, locked.ExitCode);
        Assert.Equal(
            """{"time":"2026-03-04T05:06:07Z","requestId":"req-mfa","action":"MfaDeviceLocked","outcome":"Failure","errorCode":"AccessDenied","callerArn":"arn:aws:iam::111111111111:user/alice","callerAccessKeyId":"AKIAEXAMPLE","sourceIp":"127.0.0.1","mfaSerialNumber":"arn:aws:iam::111111111111:mfa/alice"}""" + "\n",
            locked.Output);
    }
}
