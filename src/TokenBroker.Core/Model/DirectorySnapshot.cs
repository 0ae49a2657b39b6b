using TokenBroker.Core.DataPlane;

namespace TokenBroker.Core.Model;

/// <summary>The whole directory at one moment: what <c>directory apply</c> writes atomically and <c>directory show</c> reads.</summary>
public sealed record DirectorySnapshot(IReadOnlyList<AccountSnapshot> Accounts)
{
    /// <summary>A directory with nothing in it.</summary>
    public static DirectorySnapshot Empty { get; } = new([]);

    /// <summary>The services declared for the data plane (service catalogs), each with a unique prefix.</summary>
    public IReadOnlyList<ServiceCatalog> Services { get; init; } = [];
}
