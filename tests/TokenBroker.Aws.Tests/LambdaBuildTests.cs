using System.Text.RegularExpressions;
using TokenBroker.Tests;

namespace TokenBroker.Aws.Tests;

/// <summary>
/// The Lambda build as docs/deploy.md describes it is the one the Makefile runs, and the toolchain the docs name is the
/// one test.sh installs. The Native AOT publish itself is too slow for the suite; docs/deploy.md records a real run.
/// </summary>
public sealed partial class LambdaBuildTests
{
    [Fact]
    public void Makefile_BuildBrokerFunction_PublishesNativeAotForLinuxArm64ThroughTheCrossLinker()
    {
        var makefile = File.ReadAllText(Repository.File("Makefile"));

        Assert.Matches(new Regex(@"^RID \?= linux-arm64$", RegexOptions.Multiline), makefile);
        Assert.Matches(new Regex(@"^LINKER \?= \$\(CURDIR\)/infra/aarch64-gcc\.sh$", RegexOptions.Multiline), makefile);
        Assert.StartsWith("dotnet publish src/TokenBroker.Host -c Release -r $(RID) -p:PublishAot=true -p:CppCompilerAndLinker=$(LINKER) ", PublishRecipe(makefile), StringComparison.Ordinal);
    }

    [Fact]
    public void DeployDocs_ShowTheCommandTheMakefileRuns()
    {
        var expanded = PublishRecipe(File.ReadAllText(Repository.File("Makefile")))
            .Replace("$(RID)", "linux-arm64", StringComparison.Ordinal)
            .Replace("$(LINKER)", "$PWD/infra/aarch64-gcc.sh", StringComparison.Ordinal)
            .Replace("$(ARTIFACTS_DIR)", "$ARTIFACTS_DIR", StringComparison.Ordinal);
        var docs = Whitespace().Replace(File.ReadAllText(Repository.File("docs", "deploy.md")), " ");

        Assert.Contains(expanded, docs, StringComparison.Ordinal);
    }

    [Fact]
    public void CrossToolchain_PackagesTheDocsName_InstalledByTestScript()
    {
        var script = File.ReadAllText(Repository.File("infra", "cross-toolchain.sh"));
        var packages = PackageList().Match(script).Groups["packages"].Value.Split(' ');
        var docs = File.ReadAllText(Repository.File("docs", "deploy.md"));

        Assert.Equal(["gcc-aarch64-linux-gnu", "binutils-aarch64-linux-gnu", "libc6-dev-arm64-cross"], packages);
        Assert.All(packages, package => Assert.Contains(package, docs, StringComparison.Ordinal));
        Assert.Contains("sh infra/cross-toolchain.sh", File.ReadAllText(Repository.File("test.sh")), StringComparison.Ordinal);
        Assert.Contains("make cross-toolchain", docs, StringComparison.Ordinal);
    }

    // The first command of the build-BrokerFunction recipe, continuation lines joined.
    private static string PublishRecipe(string makefile)
    {
        var recipe = Recipe().Match(makefile);
        Assert.True(recipe.Success, "Makefile has no build-BrokerFunction target.");
        return Whitespace().Replace(recipe.Groups["command"].Value.Replace("\\\n", " ", StringComparison.Ordinal), " ").Trim();
    }

    [GeneratedRegex(@"^build-BrokerFunction:\n\t(?<command>(?:[^\n]*\\\n)*[^\n]*)", RegexOptions.Multiline)]
    private static partial Regex Recipe();

    [GeneratedRegex(@"^packages=""(?<packages>[^""]+)""", RegexOptions.Multiline)]
    private static partial Regex PackageList();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
