using TokenBroker.Core.Ports;

namespace TokenBroker.Cli.Tests;

public sealed class DirectoryApplyOutboundFederationTests : IDisposable
{
    private const string Enabled = """
        accounts:
          - id: "111111111111"
            outboundWebIdentityFederation: true
        """;

    private const string Disabled = """
        accounts:
          - id: "111111111111"
        """;

    private const string ExplicitlyDisabled = """
        accounts:
          - id: "111111111111"
            outboundWebIdentityFederation: false
        """;

    private readonly CliFixture _cli = new();

    public DirectoryApplyOutboundFederationTests() => _cli.Init();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Apply_OutboundFederationTrue_StoresTheSwitchOnTheAccount()
    {
        var result = _cli.Apply(Enabled);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("+ outbound web identity federation of account 111111111111", result.Output, StringComparison.Ordinal);
        var exported = await _cli.WithStoreAsync(s => s.Directory.ExportAsync(CancellationToken.None));
        Assert.True(Assert.Single(exported.Accounts).OutboundWebIdentityFederation);
    }

    [Fact]
    public async Task Apply_FieldFalse_DisablesOutboundFederation()
    {
        _cli.Apply(Enabled);

        var result = _cli.Apply(ExplicitlyDisabled);

        Assert.Contains("- outbound web identity federation of account 111111111111", result.Output, StringComparison.Ordinal);
        var exported = await _cli.WithStoreAsync(s => s.Directory.ExportAsync(CancellationToken.None));
        Assert.False(Assert.Single(exported.Accounts).OutboundWebIdentityFederation);
    }

    /// <summary>The switch may have been set with the IAM API (EnableOutboundWebIdentityFederation); a file silent on it keeps it.</summary>
    [Fact]
    public async Task Apply_FieldAbsent_KeepsTheStoredSwitch()
    {
        _cli.Apply(Enabled);

        var result = _cli.Apply(Disabled);

        Assert.DoesNotContain("outbound web identity federation", result.Output, StringComparison.Ordinal);
        var exported = await _cli.WithStoreAsync(s => s.Directory.ExportAsync(CancellationToken.None));
        Assert.True(Assert.Single(exported.Accounts).OutboundWebIdentityFederation);
    }

    [Fact]
    public void Show_OutboundFederation_PrintsItSoThatApplyingTheOutputChangesNothing()
    {
        _cli.Apply(Enabled);

        var shown = _cli.Run("directory", "show");
        var reapplied = _cli.Apply(shown.Output, "shown.yaml");

        Assert.Contains("outboundWebIdentityFederation: true", shown.Output, StringComparison.Ordinal);
        Assert.Equal("No changes." + Environment.NewLine, reapplied.Output);
    }

    [Fact]
    public void Apply_OutboundFederationNotBoolean_IsRejected()
    {
        var result = _cli.Apply(Enabled.Replace("true", "maybe", StringComparison.Ordinal));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("outboundWebIdentityFederation", result.Output + result.Error, StringComparison.Ordinal);
    }
}
