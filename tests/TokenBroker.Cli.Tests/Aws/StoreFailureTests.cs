using System.Diagnostics;
using TokenBroker.Aws.Tests;
using TokenBroker.Tests;

namespace TokenBroker.Cli.Tests.Aws;

/// <summary>What goes wrong on AWS (table or key missing, service unreachable, setting missing) is one line on stderr and exit code 1.</summary>
public sealed class StoreFailureTests : IAsyncLifetime
{
    private CliFixture _cli = null!;

    public async Task InitializeAsync() => _cli = await CliFixture.ForDynamoDbAsync();

    public Task DisposeAsync()
    {
        _cli.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("directory", "show")]
    [InlineData("revoke", "--list")]
    [InlineData("revoke", "--role", "arn:aws:iam::111111111111:role/demo")]
    [InlineData("audit")]
    [InlineData("init")]
    public void Command_TableMissing_FailsWithOneLine(params string[] command)
    {
        _cli.Settings["TOKENBROKER_TABLE"] = "no-such-table";

        var result = _cli.Run(command);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("DynamoDB table 'no-such-table' does not exist at http://127.0.0.1:", OneLine(result.Error), StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void DirectoryApply_DynamoDbUnreachable_FailsWithOneLine()
    {
        _cli.Settings["AWS_ENDPOINT_URL_DYNAMODB"] = $"http://127.0.0.1:{LoopbackPort.Free()}";

        var result = _cli.Apply(DynamoDbCommandTests.AliceDirectory);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("DynamoDB is unreachable: ", OneLine(result.Error), StringComparison.Ordinal);
    }

    [Fact]
    public void DirectoryApply_KmsUnreachable_FailsWithOneLine()
    {
        _cli.Settings["AWS_ENDPOINT_URL_KMS"] = $"http://127.0.0.1:{LoopbackPort.Free()}";

        var result = _cli.Apply(DynamoDbCommandTests.AliceDirectory);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("KMS is unreachable: ", OneLine(result.Error), StringComparison.Ordinal);
    }

    [Fact]
    public void DirectoryApply_KmsEndpointNotAUrl_FailsWithOneLine()
    {
        _cli.Settings["AWS_ENDPOINT_URL_KMS"] = "not a url";

        var result = _cli.Apply(DynamoDbCommandTests.AliceDirectory);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not a valid URL", OneLine(result.Error), StringComparison.Ordinal);
    }

    [Fact]
    public void DirectoryApply_SigningKeyMissing_FailsWithOneLine()
    {
        _cli.Settings["TOKENBROKER_KMS_SIGNING_KEY"] = Guid.NewGuid().ToString();

        var result = _cli.Apply(DynamoDbCommandTests.AliceDirectory);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("KMS key not found at http://127.0.0.1:", OneLine(result.Error), StringComparison.Ordinal);
    }

    [Fact]
    public void DirectoryApply_SigningKeyIsTheDataKey_FailsWithOneLine()
    {
        _cli.Settings["TOKENBROKER_KMS_SIGNING_KEY"] = _cli.Settings["TOKENBROKER_KMS_DATA_KEY"];

        var result = _cli.Apply(DynamoDbCommandTests.AliceDirectory);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"KMS key {_cli.Settings["TOKENBROKER_KMS_DATA_KEY"]} is not an ECC_NIST_P256 key.", OneLine(result.Error));
    }

    [Theory]
    [InlineData("TOKENBROKER_TABLE", null, "TOKENBROKER_TABLE is not set.")]
    [InlineData("TOKENBROKER_KMS_DATA_KEY", "", "TOKENBROKER_KMS_DATA_KEY is not set.")]
    [InlineData("TOKENBROKER_STORE", "postgres", "TOKENBROKER_STORE must be one of: sqlite, dynamodb.")]
    [InlineData("TOKENBROKER_KEYRING", "hsm", "TOKENBROKER_KEYRING must be one of: local, kms.")]
    public void DirectoryShow_BadSetting_NamesIt(string name, string? value, string message)
    {
        _cli.Settings[name] = value;

        var result = _cli.Run("directory", "show");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(message, OneLine(result.Error));
    }

    [Fact]
    public async Task TokenbrokerProcess_TableMissing_PrintsOneLineAndExitsOne()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tokenbroker.dll"));
        info.ArgumentList.Add("directory");
        info.ArgumentList.Add("show");
        foreach (var (name, value) in _cli.Settings)
        {
            info.Environment[name] = value;
        }

        info.Environment["TOKENBROKER_TABLE"] = "no-such-table";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(1, process.ExitCode);
        Assert.StartsWith("DynamoDB table 'no-such-table' does not exist", OneLine(error), StringComparison.Ordinal);
        Assert.Equal("", await output);
    }

    // One line and no stack trace: what a person at a terminal should see.
    private static string OneLine(string error)
    {
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
        return line.TrimEnd('\r');
    }
}
