using TokenBroker.Aws.Tests;
using TokenBroker.Core.Audit;

namespace TokenBroker.Cli.Tests.Aws;

/// <summary>
/// During a KMS outage (moto's KMS refused or frozen behind a TCP proxy) an operator still reads the audit trail,
/// lists and sets revocation cutoffs, and shows the directory: none of these needs the key ring. Applying does.
/// </summary>
public sealed class KmsOutageCommandTests : IAsyncLifetime, IDisposable
{
    private CliFixture _cli = null!;
    private DependencyProxy _kms = null!;

    public async Task InitializeAsync()
    {
        _cli = await CliFixture.ForDynamoDbAsync();
        _kms = new DependencyProxy((await AwsEmulators.GetAsync()).KmsEndpoint);
        _cli.Settings["AWS_ENDPOINT_URL_KMS"] = _kms.Endpoint.ToString();
        Assert.Equal(0, _cli.Apply(DynamoDbCommandTests.AliceDirectory).ExitCode);
        await _cli.WithStoreAsync(async store =>
        {
            await store.AuditLog.AppendAsync(new AuditRecord(
                _cli.Time.GetUtcNow(), "req-during-outage", "AssumeRole", AuditOutcome.Success, null, "arn:aws:iam::111111111111:user/alice", null,
                "127.0.0.1", null, "arn:aws:iam::111111111111:role/demo", "incident", null, "ASIAOUTAGE0000000001", _cli.Time.GetUtcNow().AddHours(1), 3), CancellationToken.None);
            return true;
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _kms.Dispose();
        _cli.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Audit_KmsDown_PrintsTheRecords(bool frozen)
    {
        Down(frozen);

        var result = _cli.Run("audit");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Contains("\"requestId\":\"req-during-outage\"", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"issuedAccessKeyId\":\"ASIAOUTAGE0000000001\"", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RevokeThenList_KmsDown_SetsAndListsTheCutoff(bool frozen)
    {
        Down(frozen);

        var revoked = _cli.Run("revoke", "--role", "arn:aws:iam::111111111111:role/demo", "--before", "2026-03-04T05:06:07Z");
        var listed = _cli.Run("revoke", "--list");

        Assert.Equal(0, revoked.ExitCode);
        Assert.Equal(0, listed.ExitCode);
        Assert.Equal("2026-03-04T05:06:07.000Z\tRole\tarn:aws:iam::111111111111:role/demo" + Environment.NewLine, listed.Output);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DirectoryShow_KmsDown_PrintsWhatItPrintsWithKms(bool frozen)
    {
        var withKms = _cli.Run("directory", "show");
        Down(frozen);

        var withoutKms = _cli.Run("directory", "show");

        Assert.Equal(0, withoutKms.ExitCode);
        Assert.Contains("name: alice", withoutKms.Output, StringComparison.Ordinal);
        Assert.Equal(withKms.Output, withoutKms.Output);
    }

    [Fact]
    public void DirectoryApply_KmsFrozen_FailsWithOneLineWithinTheDeadline()
    {
        _cli.Settings["TOKENBROKER_DEPENDENCY_TIMEOUT_MS"] = "1000";
        _kms.Freeze();

        var result = _cli.Apply(DynamoDbCommandTests.AliceDirectory.Replace("name: demo", "name: other", StringComparison.Ordinal));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("KMS did not answer within 1000 ms.", result.Error.TrimEnd());
    }

    private void Down(bool frozen)
    {
        if (frozen)
        {
            _kms.Freeze();
        }
        else
        {
            _kms.Refuse();
        }
    }
}
