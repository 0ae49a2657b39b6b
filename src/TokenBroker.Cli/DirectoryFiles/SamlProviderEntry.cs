namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>
/// A <c>samlProviders</c> item: the metadata XML, read from <c>metadata</c> or from <c>metadataFile</c>, and for
/// encrypted assertions the mode and the private keys, given as PEM files or as the ids of keys already stored.
/// </summary>
internal sealed record SamlProviderEntry(
    Located<string> Name,
    Located<string>? Metadata,
    Located<bool> AllowSha1,
    Located<string>? AssertionEncryptionMode,
    IReadOnlyList<PrivateKeyFileEntry> PrivateKeyFiles,
    Located<IReadOnlyList<Located<string>>> PrivateKeyIds);
