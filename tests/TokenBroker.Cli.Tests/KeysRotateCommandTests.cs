using TokenBroker.Core.Audit;
using TokenBroker.Core.Model;
using TokenBroker.Core.Usage;

namespace TokenBroker.Cli.Tests;

/// <summary><c>tokenbroker keys rotate USER</c>: every step, every refusal, the terminal walk, ownership and the audit records.</summary>
public sealed class KeysRotateCommandTests : IDisposable
{
    private const string Directory = """
        accounts:
          - id: "111111111111"
            users:
              - name: bob
              - name: carol
                accessKeys:
                  - id: AKIACAROLFILEKEY0001
                    secret: carol-secret-0000000000000000000000000000
        """;

    private readonly CliFixture _cli = new();

    public KeysRotateCommandTests()
    {
        Assert.Equal(0, _cli.Init().ExitCode);
        Assert.Equal(0, _cli.Apply(Directory).ExitCode);
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task KeysRotate_EveryStepAsAScript_CreatesDeactivatesAndDeletesTheOldKeyAudited()
    {
        await KeysRotationSteps.RunAsync(_cli);
    }

    [Fact]
    public void KeysRotate_CreateWhenUserHasTwoKeys_RefusedNamingBothAndAudited()
    {
        var first = CreateKey("bob");
        var second = CreateKey("bob");

        var third = _cli.Run("keys", "rotate", "bob", "--step", "create");

        Assert.Equal(1, third.ExitCode);
        Assert.Contains("bob already has 2 access keys, the most IAM allows", third.Error, StringComparison.Ordinal);
        Assert.Contains(first.Id + " (Active", third.Error, StringComparison.Ordinal);
        Assert.Contains(second.Id + " (Active", third.Error, StringComparison.Ordinal);
        Assert.Empty(third.PrintedKeys);
        var audit = _cli.Run("audit", "--action", "iam:CreateAccessKey");
        Assert.Contains("\"errorCode\":\"LimitExceeded\"", audit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysRotate_CreateWhileAuditFails_FailsWithoutTheSecretAndTheKeyIsRemovedAgain()
    {
        CliResult failed;
        await using (await BrokenAuditLog.BreakAsync(_cli.DataFolder))
        {
            failed = _cli.Run("keys", "rotate", "carol", "--step", "create");
        }

        Assert.NotEqual(0, failed.ExitCode);
        Assert.Empty(failed.PrintedKeys);
        Assert.Contains("was removed again; nothing changed", failed.Error, StringComparison.Ordinal);
        Assert.Equal("AKIACAROLFILEKEY0001 (Active)", ListKeys("carol"));
        CreateKey("carol");
    }

    [Fact]
    public void KeysRotate_DeactivateWithOnlyOneKey_RefusedAndNothingChanged()
    {
        var only = CreateKey("bob");

        var result = _cli.Run("keys", "rotate", "bob", "--step", "deactivate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("bob has 1 access key(s): create the new key first (--step create)", result.Error, StringComparison.Ordinal);
        Assert.Contains(only.Id + " (Active)", ListKeys("bob"), StringComparison.Ordinal);
    }

    [Fact]
    public void KeysRotate_DeactivateTheOnlyActiveKey_RefusedAsItWouldLockTheUserOut()
    {
        var old = CreateKey("bob");
        _cli.Time.Advance(TimeSpan.FromMinutes(1));
        var fresh = CreateKey("bob");
        Assert.Equal(0, _cli.Run("keys", "rotate", "bob", "--step", "deactivate").ExitCode);

        var result = _cli.Run("keys", "rotate", "bob", "--step", "deactivate", "--old-key", fresh.Id);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Deactivating {fresh.Id} would leave bob without an active key", result.Error, StringComparison.Ordinal);
        Assert.Contains(old.Id + " (Inactive)", ListKeys("bob"), StringComparison.Ordinal);
    }

    [Fact]
    public void KeysRotate_DeleteActiveKey_RefusedUntilDeactivated()
    {
        CreateKey("bob");
        var active = CreateKey("bob");

        var named = _cli.Run("keys", "rotate", "bob", "--step", "delete", "--old-key", active.Id);
        var unnamed = _cli.Run("keys", "rotate", "bob", "--step", "delete");

        Assert.Equal(1, named.ExitCode);
        Assert.Contains($"{active.Id} is active: deactivate it first (--step deactivate)", named.Error, StringComparison.Ordinal);
        Assert.Equal(1, unnamed.ExitCode);
        Assert.Contains("bob has no inactive access key: deactivate the old key first", unnamed.Error, StringComparison.Ordinal);
        Assert.Contains(active.Id, ListKeys("bob"), StringComparison.Ordinal);
    }

    [Fact]
    public void KeysRotate_FileOwnedOldKey_DeactivatedWithANoteButDeletedOnlyThroughTheFile()
    {
        _cli.Time.Advance(TimeSpan.FromMinutes(1));
        var fresh = CreateKey("carol");

        var deactivated = _cli.Run("keys", "rotate", "carol", "--step", "deactivate");
        var deleted = _cli.Run("keys", "rotate", "carol", "--step", "delete");

        Assert.Equal(0, deactivated.ExitCode);
        Assert.Contains("AKIACAROLFILEKEY0001 belongs to the directory file; the next `directory apply` sets the file's status again", deactivated.Output, StringComparison.Ordinal);
        Assert.Equal(1, deleted.ExitCode);
        Assert.Contains("AKIACAROLFILEKEY0001 belongs to the directory file: remove it from the file and run `tokenbroker directory apply`", deleted.Error, StringComparison.Ordinal);
        var keys = ListKeys("carol");
        Assert.Contains("AKIACAROLFILEKEY0001 (Inactive)", keys, StringComparison.Ordinal);
        Assert.Contains(fresh.Id + " (Active)", keys, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysRotate_NoStepWithoutTerminal_RefusedNamingTheSteps()
    {
        var result = _cli.Run("keys", "rotate", "carol");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Without a terminal, run one step at a time: --step create", result.Error, StringComparison.Ordinal);
        Assert.Equal("AKIACAROLFILEKEY0001 (Active)", ListKeys("carol"));
    }

    [Fact]
    public void KeysRotate_UnknownUserOrBadStep_Refused()
    {
        var unknown = _cli.Run("keys", "rotate", "nobody", "--step", "create");
        var badStep = _cli.Run("keys", "rotate", "bob", "--step", "rename");

        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("The directory has no user nobody.", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(1, badStep.ExitCode);
        Assert.Contains("rename", badStep.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysRotate_WalkOnATerminalAnsweringYes_AllThreeStepsAfterShowingTheOldKeysLastUse()
    {
        var old = CreateKey("bob");
        await _cli.WithStoreAsync(async s =>
        {
            await s.Usage.WriteAsync([new AccessKeyUse(AccessKeyId.Parse(old.Id), CliFixture.Now, "eu-west-1", "sts")], [], CancellationToken.None);
            return 0;
        });
        _cli.Time.Advance(TimeSpan.FromMinutes(5));
        _cli.Terminal = new CliTerminal(true, () => "y");

        var walk = _cli.Run("keys", "rotate", "bob");

        Assert.Equal(0, walk.ExitCode);
        var (newId, secret) = Assert.Single(walk.PrintedKeys);
        Assert.Contains($"Old key {old.Id}: last used 2026-03-04T05:06:07Z (5 minute(s) ago) for sts in eu-west-1", walk.Output, StringComparison.Ordinal);
        Assert.Contains($"Deactivate {old.Id} now? [y/N]", walk.Output, StringComparison.Ordinal);
        Assert.Contains($"Delete {old.Id} for good? [y/N]", walk.Output, StringComparison.Ordinal);
        Assert.Equal(newId + " (Active)", ListKeys("bob"));
        Assert.DoesNotContain(secret, _cli.Run("audit", "--format", "cloudtrail").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysRotate_WalkDeclinedAtDeactivate_StopsWithTheOldKeyActive()
    {
        var old = CreateKey("bob");
        _cli.Time.Advance(TimeSpan.FromMinutes(1));
        var answers = new Queue<string>(["n"]);
        _cli.Terminal = new CliTerminal(true, () => answers.Dequeue());

        var walk = _cli.Run("keys", "rotate", "bob");

        Assert.Equal(0, walk.ExitCode);
        Assert.Contains("Stopped; nothing more changed. To continue later: tokenbroker keys rotate bob --step deactivate", walk.Output, StringComparison.Ordinal);
        var keys = ListKeys("bob");
        Assert.Contains(old.Id + " (Active)", keys, StringComparison.Ordinal);
        Assert.Contains(Assert.Single(walk.PrintedKeys).Id + " (Active)", keys, StringComparison.Ordinal);
    }

    private (string Id, string Secret) CreateKey(string user)
    {
        var created = _cli.Run("keys", "rotate", user, "--step", "create");
        Assert.True(created.ExitCode == 0, created.Error);
        return Assert.Single(created.PrintedKeys);
    }

    private string ListKeys(string user) => string.Join(", ", _cli.WithStoreAsync(async s =>
        (await s.Directory.LoadAsync(CancellationToken.None)).Snapshot.Accounts.Single().AccessKeys
            .Where(k => k.UserName == user).OrderBy(k => k.CreatedAt).ThenBy(k => k.AccessKeyId.Value, StringComparer.Ordinal)
            .Select(k => $"{k.AccessKeyId} ({k.Status})").ToList()).GetAwaiter().GetResult());
}
