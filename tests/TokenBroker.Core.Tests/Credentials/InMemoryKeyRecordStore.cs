using System.Collections.Concurrent;
using TokenBroker.Core.Ports;

namespace TokenBroker.Core.Tests.Credentials;

/// <summary>
/// Test adapter of <see cref="IKeyRecordStore"/>: complete (write-once, first writer wins) but in memory. The SQLite and
/// DynamoDB adapters replace it in the shared contract suite.
/// </summary>
internal sealed class InMemoryKeyRecordStore : IKeyRecordStore
{
    private readonly ConcurrentDictionary<string, byte[]> _records = new(StringComparer.Ordinal);

    public Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(_records.TryGetValue(name, out var value) ? value.ToArray() : null);

    public Task<byte[]> GetOrCreateAsync(string name, byte[] value, CancellationToken cancellationToken) =>
        Task.FromResult(_records.GetOrAdd(name, value.ToArray()).ToArray());
}
