namespace TokenBroker.Cli.Tests;

/// <summary>Every command given bad arguments answers with one line on stderr and a non-zero exit code, never a stack trace.</summary>
public sealed class CliBadArgumentsTests : IDisposable
{
    private readonly CliFixture _cli = new();

    public CliBadArgumentsTests()
    {
        _cli.Init();
        _cli.WriteFile("null.yaml", "accounts:\n");
        _cli.WriteFile("missing.yaml", "other: 1\n");
        _cli.WriteFile("binary.yaml", "\u0000\u00ff\u00fegarbage: [");
        _cli.WriteFile("tabs.yaml", "accounts:\n\t- id: 1\n");
    }

    public void Dispose() => _cli.Dispose();

    public static TheoryData<string[]> BadArguments => new()
    {
        // The reported crash: a cutoff at the end of time.
        new[] { "revoke", "--role", "arn:aws:iam::111111111111:role/demo", "--before", "9999-12-31T23:59:59Z" },
        new[] { "revoke", "--role", "arn:aws:iam::111111111111:role/demo", "--before", "2999-01-01T00:00:00Z" },
        new[] { "revoke", "--role", "arn:aws:iam::111111111111:role/demo", "--before", "not-a-time" },
        new[] { "revoke", "--role", "arn:aws:iam::111111111111:role/demo", "--before", "" },
        new[] { "revoke", "--role", "garbage" },
        new[] { "revoke", "--role", "arn:aws:iam::111111111111:user/alice" },
        new[] { "revoke", "--role", "" },
        new[] { "revoke", "--session", "AKIA0000000000000000" },
        new[] { "revoke", "--session", "ASIA not an id" },
        new[] { "revoke", "--source-identity", "a" },
        new[] { "revoke", "--source-identity", "aws:reserved" },
        new[] { "revoke", "--principal", "alice" },
        new[] { "revoke", "--principal", "arn:aws:iam::111111111111:role/demo" },
        new[] { "revoke", "--signing-key", "\u0001" },
        new[] { "revoke", "--subject", "only-one" },
        new[] { "revoke", "--subject", "", "" },
        new[] { "revoke" },
        new[] { "revoke", "--role", "arn:aws:iam::111111111111:role/a", "--session", "ASIAEXAMPLE" },
        new[] { "revoke", "--list", "--bogus" },
        new[] { "audit", "--since", "yesterday" },
        new[] { "audit", "--limit", "0" },
        new[] { "audit", "--limit", "abc" },
        new[] { "audit", "--limit", "99999999999" },
        new[] { "audit", "--since" },
        new[] { "init", "--account", "12" },
        new[] { "init", "--account", "1111111111111" },
        new[] { "init" },
        new[] { "init", "--data", "/dev/null" },
        new[] { "directory", "apply" },
        new[] { "directory", "apply", "/nonexistent/directory.yaml" },
        new[] { "directory", "apply", "/tmp" },
        new[] { "directory", "apply", "--yes" },
        new[] { "directory", "show", "--data", "/nonexistent/folder" },
        new[] { "directory", "show", "extra" },
        new[] { "directory" },
        new[] { "policy" },
        new[] { "policy", "simulate", "extra" },
        new[] { "nosuch" },
        new[] { "--bogus" },
        Array.Empty<string>(),
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void AnyCommand_BadArguments_OneLineOnStderrAndNonZeroExit(string[] args)
    {
        var result = _cli.Run(args);

        AssertOneLineError(result);
    }

    [Theory]
    [InlineData("null.yaml")]
    [InlineData("missing.yaml")]
    [InlineData("binary.yaml")]
    [InlineData("tabs.yaml")]
    public void DirectoryApply_BadFile_ErrorsOnStderrNonZeroExitNoStackTrace(string file)
    {
        var result = _cli.Run("directory", "apply", _cli.PathOf(file));

        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
        Assert.EndsWith("nothing was written." + Environment.NewLine, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Revoke_CutoffAtEndOfTime_RefusedAndNothingStored()
    {
        var result = _cli.Run("revoke", "--role", "arn:aws:iam::111111111111:role/demo", "--before", "9999-12-31T23:59:59Z");
        var list = _cli.Run("revoke", "--list");

        AssertOneLineError(result);
        Assert.Contains("is in the future", result.Error, StringComparison.Ordinal);
        Assert.Equal("", list.Output);
    }

    [Fact]
    public void Revoke_CutoffAtStartOfTime_Accepted()
    {
        var result = _cli.Run("revoke", "--role", "arn:aws:iam::111111111111:role/demo", "--before", "0001-01-01T00:00:00Z");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
    }

    private static void AssertOneLineError(CliResult result)
    {
        Assert.NotEqual(0, result.ExitCode);
        var lines = result.Error.Split(Environment.NewLine, StringSplitOptions.None);
        Assert.True(lines.Length == 2 && lines[0].Length > 0 && lines[1].Length == 0, $"stderr is not one line: [{result.Error}]");
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", result.Error, StringComparison.Ordinal);
    }
}
