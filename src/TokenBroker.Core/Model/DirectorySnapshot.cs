namespace TokenBroker.Core.Model;

/// <summary>The whole directory at one moment: what <c>directory apply</c> writes atomically and <c>directory show</c> reads.</summary>
public sealed record DirectorySnapshot(IReadOnlyList<AccountSnapshot> Accounts)
{
    /// <summary>A directory with nothing in it.</summary>
    public static DirectorySnapshot Empty { get; } = new([]);
}
