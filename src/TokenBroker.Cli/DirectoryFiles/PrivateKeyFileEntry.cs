namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>A <c>privateKeyFiles</c> item: the path as written and the PEM it holds (null when it could not be read).</summary>
internal sealed record PrivateKeyFileEntry(string Path, int Line, string? Pem)
{
    /// <summary>Keeps the private key out of logs and error messages.</summary>
    public override string ToString() => $"PrivateKeyFileEntry {{ Path = {Path}, Line = {Line} }}";
}
