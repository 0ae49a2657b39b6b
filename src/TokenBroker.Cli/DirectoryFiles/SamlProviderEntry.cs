namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>A <c>samlProviders</c> item: the metadata XML, read from <c>metadata</c> or from <c>metadataFile</c>.</summary>
internal sealed record SamlProviderEntry(Located<string> Name, Located<string>? Metadata, Located<bool> AllowSha1);
