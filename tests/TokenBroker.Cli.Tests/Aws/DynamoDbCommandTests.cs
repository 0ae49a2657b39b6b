using TokenBroker.Core.Ports;
using TokenBroker.Core.Model;
using TokenBroker.Core.Revocation;

namespace TokenBroker.Cli.Tests.Aws;

/// <summary>The store commands against DynamoDB Local and moto's KMS, configured as docs/deploy.md tells AWS users to.</summary>
public sealed class DynamoDbCommandTests : IAsyncLifetime
{
    public const string AliceDirectory = """
        accounts:
          - id: "111111111111"
            users:
              - name: alice
                accessKeys: [{}]
                policies: [{ name: assume, document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "sts:AssumeRole", Resource: "arn:aws:iam::111111111111:role/*" }] } }]
            roles:
              - name: demo
                trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }] }
        """;

    private static readonly AccountId Account = AccountId.Parse("111111111111");
    private CliFixture _cli = null!;

    public async Task InitializeAsync() => _cli = await CliFixture.ForDynamoDbAsync();

    public Task DisposeAsync()
    {
        _cli.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ApplyThenShow_DynamoDb_RoundTripsUnchanged()
    {
        var applied = _cli.Apply(AliceDirectory);
        var before = await _cli.ExportTextAsync();

        var shown = _cli.Run("directory", "show");
        var again = _cli.Apply(shown.Output, "shown.yaml");

        Assert.Equal(0, applied.ExitCode);
        var (id, secret) = Assert.Single(applied.PrintedKeys);
        Assert.Equal(0, shown.ExitCode);
        Assert.Contains("name: alice", shown.Output, StringComparison.Ordinal);
        Assert.Contains("id: " + id, shown.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, shown.Output, StringComparison.Ordinal);
        Assert.Equal("No changes." + Environment.NewLine, again.Output);
        Assert.Equal(before, await _cli.ExportTextAsync());
        var key = await _cli.WithStoreAsync(s => s.Directory.FindAccessKeyAsync(AccessKeyId.Parse(id), CancellationToken.None));
        Assert.Equal(secret, key!.SecretAccessKey);
    }

    [Fact]
    public async Task Apply_InvalidFile_LeavesTheOldDirectory()
    {
        _cli.Apply(AliceDirectory);
        var before = await _cli.ExportTextAsync();

        var result = _cli.Apply(AliceDirectory.Replace("name: demo", "name: demo\n        maxSessionDuration: 1", StringComparison.Ordinal));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("maxSessionDuration 1 is outside", result.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was written", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await _cli.ExportTextAsync());
    }

    [Fact]
    public async Task ApplyDryRun_DynamoDb_ListsChangesAndWritesNothing()
    {
        var result = _cli.Apply(AliceDirectory, "directory.yaml", "--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("+ user arn:aws:iam::111111111111:user/alice", result.Output, StringComparison.Ordinal);
        Assert.Empty((await _cli.WithStoreAsync(s => s.Directory.ExportAsync(CancellationToken.None))).Accounts);
    }

    [Fact]
    public async Task RevokeThenList_DynamoDb_StoresAndPrintsCutoffs()
    {
        var now = _cli.Time.GetUtcNow();
        var role = _cli.Run("revoke", "--role", "arn:aws:iam::111111111111:role/Demo");
        var session = _cli.Run("revoke", "--session", "ASIAEXAMPLE", "--before", "2026-01-01T00:00:00Z");

        var list = _cli.Run("revoke", "--list");

        Assert.Equal(0, role.ExitCode);
        Assert.Equal(0, session.ExitCode);
        Assert.Equal(0, list.ExitCode);
        Assert.Equal(
            $"{now.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\tRole\tarn:aws:iam::111111111111:role/demo\n2026-01-01T00:00:00.000Z\tSession\tASIAEXAMPLE\n",
            list.Output);
        Assert.Equal(now, await _cli.WithStoreAsync(s => s.Revocations.GetCutoffAsync(RevocationScope.Role, "arn:aws:iam::111111111111:role/demo", CancellationToken.None)));
    }

    [Fact]
    public async Task Init_EmptyTable_AddsAdministratorWithoutCreatingADataFolder()
    {
        var result = _cli.Init();

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith($"Table {_cli.Settings["TOKENBROKER_TABLE"]} and root key ", result.Output, StringComparison.Ordinal);
        Assert.Contains(" are reachable; added the bootstrap administrator.", result.Output, StringComparison.Ordinal);
        var (id, secret) = Assert.Single(result.PrintedKeys);
        var key = await _cli.WithStoreAsync(s => s.Directory.FindAccessKeyAsync(AccessKeyId.Parse(id), CancellationToken.None));
        Assert.Equal(secret, key!.SecretAccessKey);
        Assert.Equal("admin", key.UserName);
        Assert.False(Directory.Exists(_cli.DataFolder));
    }

    [Fact]
    public async Task Init_TableWithDirectory_RefusesAndKeepsIt()
    {
        _cli.Apply(AliceDirectory);
        var before = await _cli.ExportTextAsync();

        var result = _cli.Init();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("already holds a directory", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.PrintedKeys);
        Assert.Equal(before, await _cli.ExportTextAsync());
        Assert.Null(await _cli.WithStoreAsync(s => s.Directory.FindUserAsync(Account, "admin", CancellationToken.None)));
    }
}
