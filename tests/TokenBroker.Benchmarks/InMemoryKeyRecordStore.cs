using System.Collections.Concurrent;
using TokenBroker.Core.Ports;

namespace TokenBroker.Benchmarks;

/// <summary>Benchmark adapter of <see cref="IKeyRecordStore"/>: write-once, first writer wins, in memory (no I/O is measured).</summary>
internal sealed class InMemoryKeyRecordStore : IKeyRecordStore
{
    private readonly ConcurrentDictionary<string, byte[]> _records = new(StringComparer.Ordinal);

    public Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(_records.TryGetValue(name, out var value) ? value.ToArray() : null);

    public Task<byte[]> GetOrCreateAsync(string name, byte[] value, CancellationToken cancellationToken) =>
        Task.FromResult(_records.GetOrAdd(name, value.ToArray()).ToArray());
}
