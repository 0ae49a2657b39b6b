using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>A planned write: the whole next directory, and what the operation answers once it is written.</summary>
/// <param name="Snapshot">The directory to write as the next version.</param>
/// <param name="Result">The operation's answer.</param>
public sealed record DirectoryChange<T>(DirectorySnapshot Snapshot, T Result);
