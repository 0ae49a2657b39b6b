using System.Buffers;
using System.Text;

namespace TokenBroker.Core.Credentials;

/// <summary>Appends the token format's primitives: bytes, LEB128 unsigned integers and length-prefixed UTF-8 strings.</summary>
internal sealed class TokenWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(512);

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public void WriteByte(byte value) => WriteBytes([value]);

    public void WriteBytes(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    public void WriteVarUInt(ulong value)
    {
        Span<byte> scratch = stackalloc byte[10];
        var length = 0;
        while (value >= 0x80)
        {
            scratch[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        scratch[length++] = (byte)value;
        _buffer.Write(scratch[..length]);
    }

    /// <summary>Writes length+1 then the UTF-8 bytes, so 0 stands for null.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteVarUInt(0);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt((ulong)length + 1);
        var span = _buffer.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        _buffer.Advance(length);
    }

    public void WriteLengthPrefixed(ReadOnlySpan<byte> bytes)
    {
        WriteVarUInt((ulong)bytes.Length);
        WriteBytes(bytes);
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    /// <summary>Empties the writer and keeps its buffer, so one writer can encode many tokens.</summary>
    public void Clear() => _buffer.ResetWrittenCount();
}
