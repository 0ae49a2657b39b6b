using TokenBroker.Core.Authentication;

namespace TokenBroker.Core.Tests.Architecture;

public class DependencyDirectionTests
{
    [Theory]
    [InlineData("AWSSDK")]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("TokenBroker.Embedded")]
    [InlineData("TokenBroker.Aws")]
    [InlineData("TokenBroker.Composition")]
    [InlineData("TokenBroker.Host")]
    [InlineData("Microsoft.Data.Sqlite")]
    public void Core_ReferencesNoAdapterOrFramework(string forbiddenPrefix)
    {
        var references = typeof(Caller).Assembly.GetReferencedAssemblies().Select(a => a.Name!);

        Assert.DoesNotContain(references, name => name.StartsWith(forbiddenPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void Policy_ReferencesOnlyTheBaseClassLibrary()
    {
        var references = typeof(TokenBroker.Policy.PolicyDocument).Assembly.GetReferencedAssemblies().Select(a => a.Name!);

        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard", name));
    }
}
