using System.Text;

namespace CircuitBench.Parquet.Thrift;

/// <summary>
/// Writes Thrift compact protocol structs: field headers carry the id delta from the previous
/// field of the same struct (long form when the delta is outside 1..15), integers are zigzag
/// varints, bool fields live in the header type, and each struct ends with a stop byte.
/// </summary>
internal sealed class CompactWriter(Stream output)
{
    private readonly Stack<short> _lastFieldIds = new([0]);

    public void WriteI32(short fieldId, int value)
    {
        WriteFieldHeader(CompactType.I32, fieldId);
        WriteVarint(ZigZag(value));
    }

    public void WriteI64(short fieldId, long value)
    {
        WriteFieldHeader(CompactType.I64, fieldId);
        WriteVarint(ZigZag(value));
    }

    public void WriteBool(short fieldId, bool value) =>
        WriteFieldHeader(value ? CompactType.BooleanTrue : CompactType.BooleanFalse, fieldId);

    public void WriteBinary(short fieldId, ReadOnlySpan<byte> value)
    {
        WriteFieldHeader(CompactType.Binary, fieldId);
        WriteBinaryElement(value);
    }

    public void WriteString(short fieldId, string value) => WriteBinary(fieldId, Encoding.UTF8.GetBytes(value));

    /// <summary>Starts a struct-valued field; close it with <see cref="EndStruct"/>.</summary>
    public void BeginStruct(short fieldId)
    {
        WriteFieldHeader(CompactType.Struct, fieldId);
        BeginStructElement();
    }

    /// <summary>Starts a struct that is a list element or the top-level value.</summary>
    public void BeginStructElement() => _lastFieldIds.Push(0);

    /// <summary>Writes the stop byte of the current struct.</summary>
    public void EndStruct()
    {
        if (_lastFieldIds.Count == 1)
        {
            throw new InvalidOperationException("EndStruct without a matching BeginStruct.");
        }

        output.WriteByte((byte)CompactType.Stop);
        _lastFieldIds.Pop();
    }

    /// <summary>Starts a list field of <paramref name="count"/> elements of <paramref name="elementType"/>.</summary>
    public void BeginList(short fieldId, CompactType elementType, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteFieldHeader(CompactType.List, fieldId);
        if (count < 15)
        {
            output.WriteByte((byte)((count << 4) | (byte)elementType));
        }
        else
        {
            output.WriteByte((byte)(0xF0 | (byte)elementType));
            WriteVarint((ulong)count);
        }
    }

    public void WriteI32Element(int value) => WriteVarint(ZigZag(value));

    public void WriteBinaryElement(ReadOnlySpan<byte> value)
    {
        WriteVarint((ulong)value.Length);
        output.Write(value);
    }

    public void WriteStringElement(string value) => WriteBinaryElement(Encoding.UTF8.GetBytes(value));

    private void WriteFieldHeader(CompactType type, short fieldId)
    {
        var last = _lastFieldIds.Pop();
        var delta = fieldId - last;
        if (delta is > 0 and <= 15)
        {
            output.WriteByte((byte)((delta << 4) | (byte)type));
        }
        else
        {
            output.WriteByte((byte)type);
            WriteVarint(ZigZag(fieldId));
        }

        _lastFieldIds.Push(fieldId);
    }

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));
}
