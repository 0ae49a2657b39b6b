namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>An <c>oidcProviders</c> item.</summary>
internal sealed record OidcProviderEntry(
    Located<string> Url,
    Located<IReadOnlyList<Located<string>>> ClientIds,
    Located<IReadOnlyList<Located<string>>> Thumbprints,
    Located<bool> AllowHttpLoopback);
