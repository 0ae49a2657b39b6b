using TokenBroker.Cli.Commands;
using TokenBroker.Composition;

namespace TokenBroker.Cli.Tests.Architecture;

/// <summary>
/// Policy ← Core ← {Embedded, Aws} ← Composition ← {Host, Cli}: the CLI shares the Host's store selection through
/// TokenBroker.Composition, which knows the adapters but no web framework, so the CLI never carries ASP.NET Core.
/// (Core's own rules are in TokenBroker.Core.Tests.)
/// </summary>
public class DependencyDirectionTests
{
    [Theory]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("TokenBroker.Host")]
    public void Cli_ReferencesNoWebFrameworkOrHost(string forbiddenPrefix)
    {
        var references = typeof(StoreOpener).Assembly.GetReferencedAssemblies().Select(a => a.Name!);

        Assert.DoesNotContain(references, name => name.StartsWith(forbiddenPrefix, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("Microsoft.Extensions.Configuration")]
    [InlineData("TokenBroker.Host")]
    [InlineData("tokenbroker")]
    public void Composition_ReferencesNoWebFrameworkHostOrCli(string forbiddenName)
    {
        var references = typeof(StoreSettings).Assembly.GetReferencedAssemblies().Select(a => a.Name!);

        Assert.DoesNotContain(references, name => name.StartsWith(forbiddenName, StringComparison.Ordinal));
    }

    [Fact]
    public void Cli_OpensStoresOnlyThroughComposition()
    {
        var references = typeof(StoreOpener).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("TokenBroker.Composition", references);
        Assert.DoesNotContain(references, name => name.StartsWith("AWSSDK", StringComparison.Ordinal) || name == "TokenBroker.Aws");
    }
}
