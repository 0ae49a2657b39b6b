using System.Buffers;
using System.Text;

namespace TokenBroker.Core.Authentication.SigV4;

/// <summary>
/// A growable UTF-8 buffer rented from the shared pool, so building a canonical request allocates nothing; buffers are
/// cleared on return because a canonical request can hold a session token.
/// </summary>
internal ref struct ByteWriter
{
    private byte[] _buffer;
    private int _length;

    public ByteWriter(int initialCapacity)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
        _length = 0;
    }

    public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Append(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void Append(scoped ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void Append(scoped ReadOnlySpan<char> text)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
    }

    /// <summary>Appends "%XX" with uppercase hex digits (SigV4: "Hexadecimal digits in URI-encoded strings must be uppercase").</summary>
    public void AppendPercentEncoded(byte value)
    {
        Ensure(3);
        _buffer[_length++] = (byte)'%';
        _buffer[_length++] = (byte)"0123456789ABCDEF"[value >> 4];
        _buffer[_length++] = (byte)"0123456789ABCDEF"[value & 0xF];
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
        _buffer = [];
        _length = 0;
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
        _buffer = larger;
    }
}
