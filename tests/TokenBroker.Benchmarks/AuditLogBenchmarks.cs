using BenchmarkDotNet.Attributes;
using TokenBroker.Core.Audit;
using TokenBroker.Embedded;

namespace TokenBroker.Benchmarks;

/// <summary>
/// Durable audit appends (synchronous = FULL) from many concurrent requests: group commit shares one fsync per batch.
/// Reported per record.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet calls GlobalCleanup, which disposes it.")]
public class AuditLogBenchmarks
{
    private const int Concurrent = 64;

    private static readonly AuditRecord Record = new(
        DateTimeOffset.UnixEpoch, "9f0c6a8e-0000-4000-8000-000000000000", "AssumeRole", AuditOutcome.Success, null,
        "arn:aws:iam::111111111111:user/alice", "AKIAEXAMPLE000000001", "127.0.0.1", "aws-sdk-dotnet/4.0",
        "arn:aws:iam::111111111111:role/demo", "alice-session", null, "ASIAEXAMPLE000000001", DateTimeOffset.UnixEpoch, 3);

    private string _folder = "";
    private EmbeddedStore _store = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "tokenbroker-bench-" + Guid.NewGuid().ToString("N"));
        _store = EmbeddedStore.CreateAsync(_folder, CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1)]
    public Task AppendOne() => _store.AuditLog.AppendAsync(Record, CancellationToken.None);

    [Benchmark(OperationsPerInvoke = Concurrent)]
    public Task AppendConcurrent() =>
        Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => _store.AuditLog.AppendAsync(Record, CancellationToken.None)));
}
