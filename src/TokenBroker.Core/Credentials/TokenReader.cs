using System.Text;
using System.Text.Unicode;

namespace TokenBroker.Core.Credentials;

/// <summary>Reads what <see cref="TokenWriter"/> wrote; every read is bounds-checked and reports failure instead of throwing.</summary>
internal ref struct TokenReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    public readonly bool IsAtEnd => _rest.IsEmpty;

    public readonly int Remaining => _rest.Length;

    public bool TryReadByte(out byte value)
    {
        value = 0;
        if (_rest.IsEmpty)
        {
            return false;
        }

        value = _rest[0];
        _rest = _rest[1..];
        return true;
    }

    public bool TryReadBytes(int count, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (count < 0 || count > _rest.Length)
        {
            return false;
        }

        bytes = _rest[..count];
        _rest = _rest[count..];
        return true;
    }

    /// <summary>LEB128, at most 9 bytes (63 bits), so every value fits a long without overflow.</summary>
    public bool TryReadVarUInt(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 63; shift += 7)
        {
            if (!TryReadByte(out var b))
            {
                return false;
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    public bool TryReadLength(out int length)
    {
        length = 0;
        if (!TryReadVarUInt(out var value) || value > (ulong)_rest.Length)
        {
            return false;
        }

        length = (int)value;
        return true;
    }

    public bool TryReadLengthPrefixed(out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        return TryReadLength(out var length) && TryReadBytes(length, out bytes);
    }

    /// <summary>Reads a string written by <see cref="TokenWriter.WriteString"/>; invalid UTF-8 is a failure.</summary>
    public bool TryReadString(out string? value)
    {
        value = null;
        if (!TryReadVarUInt(out var lengthPlusOne) || lengthPlusOne > (ulong)_rest.Length + 1)
        {
            return false;
        }

        if (lengthPlusOne == 0)
        {
            return true;
        }

        if (!TryReadBytes((int)lengthPlusOne - 1, out var bytes))
        {
            return false;
        }

        if (!Utf8.IsValid(bytes))
        {
            return false;
        }

        value = Encoding.UTF8.GetString(bytes);
        return true;
    }

    public bool TryReadRequiredString(out string value)
    {
        var ok = TryReadString(out var text);
        value = text ?? string.Empty;
        return ok && text is not null;
    }
}
