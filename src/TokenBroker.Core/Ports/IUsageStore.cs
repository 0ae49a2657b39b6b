using TokenBroker.Core.Model;
using TokenBroker.Core.Usage;

namespace TokenBroker.Core.Ports;

/// <summary>
/// Usage records shared by every broker instance: the last use of each access key and the last attempt of each
/// entity at each action, and the reports generated from them. Writes keep the later time, so instances flushing in any order converge on the latest use.
/// </summary>
public interface IUsageStore
{
    /// <summary>Records these uses; a record older than the one stored for the same key or entity action changes nothing.</summary>
    Task WriteAsync(IReadOnlyCollection<AccessKeyUse> keys, IReadOnlyCollection<ActionUse> actions, CancellationToken cancellationToken);

    /// <summary>The last recorded use of the key, or null when it was never recorded.</summary>
    Task<AccessKeyUse?> GetAccessKeyUseAsync(AccessKeyId accessKeyId, CancellationToken cancellationToken);

    /// <summary>Every action the entity has attempted, with the last attempt of each, in no particular order.</summary>
    Task<IReadOnlyList<ActionUse>> GetActionUsesAsync(string entityArn, CancellationToken cancellationToken);

    /// <summary>Stores a report under the name unless one exists; returns the stored one (first writer wins, so instances agree).</summary>
    Task<StoredReport> GetOrCreateReportAsync(string name, StoredReport report, CancellationToken cancellationToken);

    /// <summary>The report stored under the name, or null.</summary>
    Task<StoredReport?> GetReportAsync(string name, CancellationToken cancellationToken);
}
