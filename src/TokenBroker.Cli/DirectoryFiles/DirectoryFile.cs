namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>A parsed directory file: the whole desired directory, with line numbers kept for validation.</summary>
internal sealed record DirectoryFile(string FileName, IReadOnlyList<AccountEntry> Accounts, IReadOnlyList<ServiceEntry> Services);
