namespace TokenBroker.Cli.Tests.Aws;

/// <summary>The destructive-apply guard and the revoke cutoff checks hold on DynamoDB with KMS as on SQLite.</summary>
public sealed class DynamoDbDestructiveApplyTests : IAsyncLifetime
{
    private CliFixture _cli = null!;

    public async Task InitializeAsync()
    {
        _cli = await CliFixture.ForDynamoDbAsync();
        _cli.Init();
    }

    public Task DisposeAsync()
    {
        _cli.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Apply_DynamoDbPlanWithoutAdmin_RefusedAndNothingWritten()
    {
        var before = await _cli.ExportTextAsync();

        var empty = _cli.ApplyGuarded("accounts: []\n");
        var noAdmin = _cli.ApplyGuarded(DynamoDbCommandTests.AliceDirectory);
        var bare = _cli.ApplyGuarded("accounts:\n", "bare.yaml", "--allow-destructive");

        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("it deletes every account", empty.Error, StringComparison.Ordinal);
        Assert.Equal(1, noAdmin.ExitCode);
        Assert.Contains("it leaves no principal allowed iam:*", noAdmin.Error, StringComparison.Ordinal);
        Assert.Equal(1, bare.ExitCode);
        Assert.Equal(before, await _cli.ExportTextAsync());
    }

    [Fact]
    public void Revoke_DynamoDbCutoffAtEndOfTime_OneLineErrorAndStartOfTimeStored()
    {
        var future = _cli.Run("revoke", "--role", "arn:aws:iam::111111111111:role/demo", "--before", "9999-12-31T23:59:59Z");
        var past = _cli.Run("revoke", "--role", "arn:aws:iam::111111111111:role/demo", "--before", "0001-01-01T00:00:00Z");

        Assert.Equal(1, future.ExitCode);
        Assert.Single(future.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(0, past.ExitCode);
    }
}
