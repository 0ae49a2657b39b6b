using System.Diagnostics;
using System.Text.RegularExpressions;
using TokenBroker.Tests;

namespace TokenBroker.Aws.Tests;

/// <summary>template.yaml passes cfn-lint (with the SAM transform) and sets every TOKENBROKER_* setting the code reads.</summary>
public sealed partial class TemplateTests
{
    [Fact]
    public async Task CfnLint_Template_Passes()
    {
        var info = new ProcessStartInfo("cfn-lint") { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("template.yaml");
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, output);
    }

    [Fact]
    public void Template_SetsEverySettingTheCodeReads()
    {
        var root = Repository.Root;
        var template = File.ReadAllText(Path.Combine(root, "template.yaml"));
        var read = Directory.GetFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => Setting().Matches(File.ReadAllText(file)).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("TOKENBROKER_STORE", read);
        Assert.All(read, name => Assert.Matches(new Regex($@"^\s+{name}:", RegexOptions.Multiline), template));
    }

    [GeneratedRegex("TOKENBROKER_[A-Z_]+")]
    private static partial Regex Setting();
}
