namespace TokenBroker.Cli.Tests;

/// <summary>
/// directory apply prints its plan, refuses a plan that deletes every account or leaves no principal allowed iam:*
/// unless --allow-destructive, and asks a person at a terminal before deleting anything (--yes skips the question).
/// </summary>
public sealed class DirectoryApplyDestructiveTests : IDisposable
{
    private const string Header = "accounts:\n  - id: \"111111111111\"\n    users:\n";

    private const string ReaderOnly = Header + """
              - name: alice
                accessKeys: [{}]
                policies: [{ name: read, document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:Get*", Resource: "*" }] } }]
        """;

    private const string IamAdminThroughGroup = Header + """
              - name: alice
                accessKeys: [{}]
                groups: [admins]
            groups: [{ name: admins, policies: [{ name: iam, document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "iam:*", Resource: "*" }] } }] }]
        """;

    private const string AdminInsideDenyingBoundary = Header + """
              - name: alice
                accessKeys: [{}]
                permissionsBoundary: arn:aws:iam::111111111111:policy/NoIam
                policies: [{ name: all, document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "*", Resource: "*" }] } }]
            managedPolicies: [{ name: NoIam, document: { Version: "2012-10-17", Statement: [{ Effect: Allow, NotAction: "iam:*", Resource: "*" }] } }]
        """;

    private const string AdminWithoutActiveKey = Header + """
              - name: alice
                policies: [{ name: all, document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "*", Resource: "*" }] } }]
        """;

    private const string AdminRole = "accounts:\n  - id: \"111111111111\"\n" + """
            roles:
              - name: break-glass
                trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }] }
                policies: [{ name: all, document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "*", Resource: "*" }] } }]
        """;

    private readonly CliFixture _cli = new();

    public DirectoryApplyDestructiveTests() => _cli.Init();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Apply_BareAccountsNull_RejectedAndNothingWritten()
    {
        var before = await _cli.ExportTextAsync();

        var result = _cli.ApplyGuarded("accounts:\n", "null.yaml", "--allow-destructive", "--yes");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'accounts' has no value", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await _cli.ExportTextAsync());
    }

    [Fact]
    public async Task Apply_EmptyAccountsList_RefusedAsDeletingEveryAccount()
    {
        var before = await _cli.ExportTextAsync();

        var result = _cli.ApplyGuarded("accounts: []\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("- account 111111111111", result.Output, StringComparison.Ordinal);
        Assert.Contains("it deletes every account (111111111111)", result.Error, StringComparison.Ordinal);
        Assert.Contains("--allow-destructive", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await _cli.ExportTextAsync());
    }

    [Fact]
    public async Task Apply_EmptyAccountsListWithAllowDestructive_EmptiesTheDirectory()
    {
        var result = _cli.ApplyGuarded("accounts: []\n", "directory.yaml", "--allow-destructive");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(0, await _cli.WithStoreAsync(async s => (await s.Directory.ExportAsync(CancellationToken.None)).Accounts.Count));
    }

    [Theory]
    [InlineData(ReaderOnly)]
    [InlineData(AdminInsideDenyingBoundary)]
    [InlineData(AdminWithoutActiveKey)]
    public async Task Apply_LeavesNoPrincipalAllowedIam_RefusedAndAdminKept(string yaml)
    {
        var before = await _cli.ExportTextAsync();

        var result = _cli.ApplyGuarded(yaml);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("- user arn:aws:iam::111111111111:user/admin", result.Output, StringComparison.Ordinal);
        Assert.Contains("it leaves no principal allowed iam:* (now: arn:aws:iam::111111111111:user/admin)", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await _cli.ExportTextAsync());
    }

    [Theory]
    [InlineData(IamAdminThroughGroup)]
    [InlineData(AdminRole)]
    public void Apply_AnotherPrincipalStillAllowedIam_Applies(string yaml)
    {
        var result = _cli.ApplyGuarded(yaml);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("- user arn:aws:iam::111111111111:user/admin", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DryRun_DestructivePlan_PrintsPlanAndWhatItNeedsWritesNothing()
    {
        var before = await _cli.ExportTextAsync();

        var result = _cli.ApplyGuarded(ReaderOnly, "directory.yaml", "--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("- user arn:aws:iam::111111111111:user/admin", result.Output, StringComparison.Ordinal);
        Assert.Contains("Dry run: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("needs --allow-destructive: it leaves no principal allowed iam:*", result.Output, StringComparison.Ordinal);
        Assert.Equal(before, await _cli.ExportTextAsync());
    }

    [Theory]
    [InlineData("n")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Apply_InteractiveDeletionNotConfirmed_NothingWritten(string? answer)
    {
        var before = await _cli.ExportTextAsync();
        var asked = 0;
        _cli.Terminal = new CliTerminal(true, () => { asked++; return answer; });

        var result = _cli.ApplyGuarded(IamAdminThroughGroup);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(1, asked);
        Assert.Contains("deletion(s)? [y/N]", result.Output, StringComparison.Ordinal);
        Assert.Equal(before, await _cli.ExportTextAsync());
    }

    [Fact]
    public async Task Apply_InteractiveDeletionConfirmed_Applies()
    {
        var before = await _cli.ExportTextAsync();
        _cli.Terminal = new CliTerminal(true, () => "y");

        var result = _cli.ApplyGuarded(IamAdminThroughGroup);

        Assert.Equal(0, result.ExitCode);
        Assert.NotEqual(before, await _cli.ExportTextAsync());
    }

    [Fact]
    public void Apply_InteractiveWithYes_DoesNotAsk()
    {
        _cli.Terminal = new CliTerminal(true, () => throw new InvalidOperationException("asked"));

        var result = _cli.ApplyGuarded(IamAdminThroughGroup, "directory.yaml", "--yes");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("[y/N]", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_InteractiveWithoutDeletions_DoesNotAsk()
    {
        _cli.Terminal = new CliTerminal(true, () => throw new InvalidOperationException("asked"));
        var admin = _cli.Run("directory", "show").Output;

        var result = _cli.ApplyGuarded(admin.Replace("  users:\n", "  users:\n  - name: bob\n", StringComparison.Ordinal));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("+ user arn:aws:iam::111111111111:user/bob", result.Output, StringComparison.Ordinal);
    }
}
