namespace TokenBroker.Cli.Tests;

public sealed class DirectoryApplyRejectsTests : IDisposable
{
    private readonly CliFixture _cli = new();

    public DirectoryApplyRejectsTests() => _cli.Init();

    public void Dispose() => _cli.Dispose();

    public static TheoryData<string, int, string> InvalidFiles => new()
    {
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "     bad: indentation"), 5, "invalid YAML" },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        name: bob"), 5, "invalid YAML" },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        nmae: alice"), 5, "unknown field 'nmae' in a user" },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users: alice"), 3, "'users' must be a list." },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: [alice]"), 4, "'name' must be a string." },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - path: /x/"), 4, "a user is missing the required field 'name'." },
        { Lines("accounts:", "  - id: \"11111\""), 2, "'11111' is not an account id" },
        { Lines("accounts:", "  - id: \"111111111111\"", "  - id: \"111111111111\""), 3, "account 111111111111 appears more than once." },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        accessKeys: [{}, {}, {}]"), 5, "a user can have at most 2." },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        accessKeys: [{ id: ASIATEMPORARY0000001 }]"), 5, "is not a long-term access key id" },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        accessKeys: [{ status: Disabled }]"), 5, "'status' must be Active or Inactive." },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        accessKeys: [{ secret: short }]"), 5, "an access key secret must be 16 to 128" },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        accessKeys: [{ id: AKIASAME000000000001 }]", "      - name: bob", "        accessKeys: [{ id: AKIASAME000000000001 }]"), 7, "access key 'AKIASAME000000000001' appears more than once." },
        { Lines("accounts:", "  - id: \"111111111111\"", "    groups: [{ name: g1 }, { name: g2 }, { name: g3 }, { name: g4 }, { name: g5 }, { name: g6 }, { name: g7 }, { name: g8 }, { name: g9 }, { name: g10 }, { name: g11 }]", "    users:", "      - name: alice", "        groups: [g1, g2, g3, g4, g5, g6, g7, g8, g9, g10, g11]"), 6, "a user can be in at most 10." },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        groups:", "          - nosuch"), 6, "unknown group 'nosuch'" },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "      - name: Alice"), 5, "user 'Alice' appears more than once" },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: al!ce"), 4, "user name 'al!ce' must be" },
        { Lines("accounts:", "  - id: \"111111111111\"", "    roles:", "      - name: demo", "        maxSessionDuration: 100", "        trustPolicy: {}"), 5, "maxSessionDuration 100 is outside 3600..43200 seconds." },
        { Lines("accounts:", "  - id: \"111111111111\"", "    roles:", "      - name: demo", "        maxSessionDuration: 43201", "        trustPolicy: {}"), 5, "maxSessionDuration 43201 is outside" },
        { Lines("accounts:", "  - id: \"111111111111\"", "    roles:", "      - name: demo", "        maxSessionDuration: one hour", "        trustPolicy: {}"), 5, "'maxSessionDuration' must be an integer." },
        { Lines("accounts:", "  - id: \"111111111111\"", "    roles:", "      - name: demo"), 4, "a role is missing the required field 'trustPolicy'." },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        mfaDevices:", "          - serial: arn:aws:iam::111111111111:mfa/alice", "            seed: not-base32!"), 7, "must be base32 (RFC 4648) of at least 16 bytes." },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        mfaDevices:", "          - serial: arn:aws:iam::111111111111:mfa/alice", "            seed: JBSWY3DPEHPK3PXP"), 7, "of at least 16 bytes." },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        mfaDevices:", "          - serial: arn:aws:iam::222222222222:mfa/alice", "            seed: GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), 6, "must be arn:aws:iam::111111111111:mfa/NAME." },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        policies:", "          - name: p1", "            document: [1, 2]"), 7, "a policy document must be a JSON object." },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        policies:", "          - name: p1", "            document: Allow everything"), 7, "a policy document must be a JSON object" },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        policies:", "          - name: p1", "            document: '{\"Version\": \"2012-10-17\", \"Version\": \"2008-10-17\"}'"), 7, "a policy document must be a JSON object" },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        policies:", "          - name: p1", "            document: &doc { Version: \"2012-10-17\" }", "          - name: p2", "            document: *doc"), 7, "anchors and aliases are not allowed" },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        managedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]"), 5, "unknown managed policy 'arn:aws:iam::aws:policy/AdministratorAccess'" },
        { Lines("accounts:", "  - id: \"111111111111\"", "    roles:", "      - name: demo", "        trustPolicy: {}", "        permissionsBoundary: arn:aws:iam::111111111111:policy/Missing"), 6, "unknown managed policy" },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        tags: { \"aws:owner\": me }"), 5, "tag key 'aws:owner' must be" },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        path: engineering"), 5, "path 'engineering' must be '/'" },
        { Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        tags: { team: a, TEAM: b }"), 5, "tag key 'TEAM' appears more than once" },
        { Lines("users:", "  - name: alice"), 1, "unknown field 'users' in the directory file" },
        { "", 1, "the file is empty" },
    };

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public async Task Apply_InvalidFile_RejectedWithLineAndNothingWritten(string yaml, int line, string message)
    {
        var before = await _cli.ExportTextAsync();

        var result = _cli.Apply(yaml);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.Error.Split('\n'), error => error.StartsWith($"directory.yaml:{line}: ", StringComparison.Ordinal) && error.Contains(message, StringComparison.Ordinal));
        Assert.Contains("nothing was written", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
        Assert.Equal(before, await _cli.ExportTextAsync());
    }

    [Fact]
    public void Apply_SeveralErrors_ReportsEveryOne()
    {
        var yaml = Lines(
            "accounts:",
            "  - id: \"111111111111\"",
            "    users:",
            "      - name: alice",
            "        groups: [nosuch]",
            "    roles:",
            "      - name: demo",
            "        maxSessionDuration: 1",
            "        trustPolicy: {}",
            "  - id: \"12\"");

        var result = _cli.Apply(yaml);

        Assert.Contains("directory.yaml:5: unknown group 'nosuch'", result.Error, StringComparison.Ordinal);
        Assert.Contains("directory.yaml:8: maxSessionDuration 1 is outside", result.Error, StringComparison.Ordinal);
        Assert.Contains("directory.yaml:10: '12' is not an account id", result.Error, StringComparison.Ordinal);
        Assert.Contains("3 error(s); nothing was written.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_InvalidSecret_NotEchoedInErrors()
    {
        var yaml = Lines("accounts:", "  - id: \"111111111111\"", "    users:", "      - name: alice", "        accessKeys: [{ secret: \"tooshort secret\" }]");

        var result = _cli.Apply(yaml);

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("tooshort", result.Error, StringComparison.Ordinal);
    }

    private static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";
}
