using System.Buffers;

namespace TokenBroker.Host.Query;

/// <summary>
/// A rendered response body. The plain writer's output stays in its pooled buffer, written to the response as is
/// and returned to the pool on <see cref="Dispose"/> (use it once, with <c>using</c>); framework-rendered bodies are
/// ordinary arrays.
/// </summary>
internal readonly struct XmlBody(byte[] buffer, int length, bool pooled) : IDisposable
{
    /// <summary>The body's bytes.</summary>
    public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, length);

    /// <summary>The body's length in bytes.</summary>
    public int Length => length;

    /// <summary>Returns a pooled buffer to the pool; the body must not be used afterwards.</summary>
    public void Dispose()
    {
        if (pooled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
