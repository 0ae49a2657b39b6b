using System.Collections;

namespace TokenBroker.Embedded.Tests;

/// <summary>A list whose enumeration stops half-way until released: lets a test look at the disk in the middle of a write.</summary>
public sealed class PausingList<T>(IReadOnlyList<T> items) : IReadOnlyList<T>, IDisposable
{
    public ManualResetEventSlim Paused { get; } = new();

    public ManualResetEventSlim Resume { get; } = new();

    public int Count => items.Count;

    public T this[int index] => items[index];

    public IEnumerator<T> GetEnumerator()
    {
        Paused.Set();
        Resume.Wait();
        return items.GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        Paused.Dispose();
        Resume.Dispose();
    }
}
