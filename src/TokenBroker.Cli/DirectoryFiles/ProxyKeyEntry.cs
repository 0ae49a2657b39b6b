namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>A <c>proxyKeys</c> item of a service; the secret is optional (kept or generated when absent).</summary>
internal sealed record ProxyKeyEntry(Located<string> Id, string? Secret)
{
    /// <summary>Keeps the secret out of logs and error messages.</summary>
    public override string ToString() => $"ProxyKeyEntry {{ Id = {Id.Value}, Line = {Id.Line} }}";
}
