using TokenBroker.Core.Model;

namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>What applying a directory file does: the directory to write, the keys it generates and the changes it makes.</summary>
internal sealed record ApplyPlan(
    DirectorySnapshot Desired,
    IReadOnlyList<NewAccessKey> NewAccessKeys,
    IReadOnlyList<string> Changes,
    IReadOnlyList<string> Errors)
{
    /// <summary>Proxy keys the apply generates; their secrets are printed once.</summary>
    public IReadOnlyList<NewProxyKey> NewProxyKeys { get; init; } = [];
}
