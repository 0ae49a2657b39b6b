namespace TokenBroker.Core.Tests.WebIdentity;

/// <summary>The xUnit collection that shares one <see cref="WebIdentityFixture"/> (node servers start once).</summary>
[CollectionDefinition(Name)]
public sealed class WebIdentityServers : ICollectionFixture<WebIdentityFixture>
{
    public const string Name = "web identity";
}
