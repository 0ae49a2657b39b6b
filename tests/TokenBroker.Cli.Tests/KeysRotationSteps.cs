using System.Text.Json;
using TokenBroker.Core.Model;
using TokenBroker.Core.Usage;

namespace TokenBroker.Cli.Tests;

/// <summary>The scripted rotation of an API-owned key, step by step, shared by the SQLite and DynamoDB command tests.</summary>
internal static class KeysRotationSteps
{
    /// <summary>Runs create, create, deactivate, delete for user bob (who has no key in the file) and checks each step.</summary>
    public static async Task RunAsync(CliFixture cli)
    {
        var first = cli.Run("keys", "rotate", "bob", "--step", "create");
        Assert.True(first.ExitCode == 0, first.Error);
        var (oldId, oldSecret) = Assert.Single(first.PrintedKeys);
        await cli.WithStoreAsync(async s =>
        {
            await s.Usage.WriteAsync([new AccessKeyUse(AccessKeyId.Parse(oldId), cli.Time.GetUtcNow(), "us-east-1", "iam")], [], CancellationToken.None);
            return 0;
        });
        cli.Time.Advance(TimeSpan.FromHours(2));

        // 1. The second key, its secret printed once.
        var created = cli.Run("keys", "rotate", "bob", "--step", "create");
        Assert.True(created.ExitCode == 0, created.Error);
        var (newId, newSecret) = Assert.Single(created.PrintedKeys);
        Assert.Contains($"Step 1 of 3: created access key {newId} for bob", created.Output, StringComparison.Ordinal);

        // 2. The old key deactivated, after showing its last use and the new key's.
        cli.Time.Advance(TimeSpan.FromSeconds(1));
        var deactivated = cli.Run("keys", "rotate", "bob", "--step", "deactivate");
        Assert.True(deactivated.ExitCode == 0, deactivated.Error);
        Assert.Contains($"Old key {oldId}: last used", deactivated.Output, StringComparison.Ordinal);
        Assert.Contains("(2 hour(s) ago) for iam in us-east-1", deactivated.Output, StringComparison.Ordinal);
        Assert.Contains($"New key {newId}: never used", deactivated.Output, StringComparison.Ordinal);
        Assert.Contains($"Step 2 of 3: deactivated {oldId}", deactivated.Output, StringComparison.Ordinal);
        Assert.Equal(AccessKeyStatus.Inactive, (await FindAsync(cli, oldId))!.Status);

        // 3. The deactivated key deleted; the new key stays, API-owned.
        cli.Time.Advance(TimeSpan.FromSeconds(1));
        var deleted = cli.Run("keys", "rotate", "bob", "--step", "delete");
        Assert.True(deleted.ExitCode == 0, deleted.Error);
        Assert.Contains($"Step 3 of 3: deleted {oldId}. bob's key is: {newId}.", deleted.Output, StringComparison.Ordinal);
        Assert.Null(await FindAsync(cli, oldId));
        var kept = (await FindAsync(cli, newId))!;
        Assert.Equal((AccessKeyStatus.Active, CredentialOrigin.Api), (kept.Status, kept.Origin));

        // Each step left one audit record, CloudTrail-shaped, without a secret.
        var exported = cli.Run("audit", "--format", "cloudtrail");
        Assert.Equal(0, exported.ExitCode);
        var events = exported.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("eventSource").GetString() == "iam.amazonaws.com").ToList();
        Assert.Equal(["DeleteAccessKey", "UpdateAccessKey", "CreateAccessKey", "CreateAccessKey"], events.Select(e => e.GetProperty("eventName").GetString()));
        Assert.All(events, e => Assert.Equal("tokenbroker-cli/keys-rotate", e.GetProperty("userAgent").GetString()));
        Assert.All(events, e => Assert.False(e.GetProperty("readOnly").GetBoolean()));
        Assert.Equal(oldId, events[1].GetProperty("requestParameters").GetProperty("accessKeyId").GetString());
        Assert.Equal("Inactive", events[1].GetProperty("requestParameters").GetProperty("status").GetString());
        Assert.Equal(newId, events[2].GetProperty("responseElements").GetProperty("accessKey").GetProperty("accessKeyId").GetString());
        Assert.DoesNotContain(oldSecret, exported.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(newSecret, exported.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(newSecret, cli.Run("audit").Output, StringComparison.Ordinal);
    }

    private static Task<AccessKey?> FindAsync(CliFixture cli, string id) =>
        cli.WithStoreAsync(s => s.Directory.FindAccessKeyAsync(AccessKeyId.Parse(id), CancellationToken.None));
}
