namespace TokenBroker.Cli.Tests.Aws;

/// <summary><c>tokenbroker keys rotate</c> on DynamoDB Local and moto's KMS: the same steps as on SQLite.</summary>
public sealed class DynamoDbKeysRotateTests : IAsyncLifetime
{
    private CliFixture _cli = null!;

    public async Task InitializeAsync()
    {
        _cli = await CliFixture.ForDynamoDbAsync();
        Assert.Equal(0, _cli.Apply("""
            accounts:
              - id: "111111111111"
                users:
                  - name: bob
            """).ExitCode);
    }

    public Task DisposeAsync()
    {
        _cli.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task KeysRotate_EveryStepOnDynamoDb_CreatesDeactivatesAndDeletesTheOldKeyAudited()
    {
        await KeysRotationSteps.RunAsync(_cli);
    }
}
