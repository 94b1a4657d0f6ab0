using System.Text;

namespace CircuitBench.Parquet.Thrift;

/// <summary>A field header read by <see cref="CompactReader.NextField"/>.</summary>
internal readonly record struct CompactField(CompactType Type, short Id);

/// <summary>
/// Reads Thrift compact protocol structs from a byte buffer, checking every length against the
/// buffer's end. Struct readers loop over <see cref="NextField"/>, read the fields they know with
/// the typed methods (which check the wire type) and <see cref="Skip"/> the rest.
/// </summary>
internal sealed class CompactReader(ReadOnlyMemory<byte> buffer)
{
    private const int MaxDepth = 64;
    private readonly Stack<short> _lastFieldIds = new();

    /// <summary>Bytes consumed so far.</summary>
    public int Position { get; private set; }

    /// <summary>Enters a struct (top-level value, list element, or after a struct field header).</summary>
    public void BeginStruct()
    {
        if (_lastFieldIds.Count >= MaxDepth)
        {
            throw Error($"structs nested deeper than {MaxDepth} levels");
        }

        _lastFieldIds.Push(0);
    }

    /// <summary>Reads the next field header; false (and the struct is left) at the stop byte.</summary>
    public bool NextField(out CompactField field)
    {
        var start = Position;
        var header = ReadByte();
        if (header == 0)
        {
            _lastFieldIds.Pop();
            field = default;
            return false;
        }

        var type = (CompactType)(header & 0x0F);
        if (type is CompactType.Stop or > CompactType.Uuid)
        {
            throw Error($"unknown field type {(int)type}", start);
        }

        var delta = header >> 4;
        var last = _lastFieldIds.Pop();
        var id = delta != 0 ? (short)(last + delta) : checked((short)ReadZigZag32());
        _lastFieldIds.Push(id);
        field = new CompactField(type, id);
        return true;
    }

    public bool ReadBool(CompactField field) => field.Type switch
    {
        CompactType.BooleanTrue => true,
        CompactType.BooleanFalse => false,
        _ => throw WrongType(field, "bool"),
    };

    public sbyte ReadI8(CompactField field)
    {
        Expect(field, CompactType.I8);
        return (sbyte)ReadByte();
    }

    public int ReadI32(CompactField field)
    {
        Expect(field, CompactType.I32);
        return ReadI32Element();
    }

    public long ReadI64(CompactField field)
    {
        Expect(field, CompactType.I64);
        var raw = ReadVarint();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public byte[] ReadBinary(CompactField field)
    {
        Expect(field, CompactType.Binary);
        return ReadBinaryElement();
    }

    public string ReadString(CompactField field) => Encoding.UTF8.GetString(ReadBinary(field));

    /// <summary>Checks that a field is a struct and enters it.</summary>
    public void BeginStruct(CompactField field)
    {
        Expect(field, CompactType.Struct);
        BeginStruct();
    }

    /// <summary>Checks that a field is a list of <paramref name="elementType"/>; returns its length.</summary>
    public int BeginList(CompactField field, CompactType elementType)
    {
        Expect(field, CompactType.List);
        var start = Position;
        var (type, count) = ReadListHeader();
        if (type != elementType)
        {
            throw Error($"field {field.Id} is a list of {type}, expected a list of {elementType}", start);
        }

        return count;
    }

    public int ReadI32Element() => ReadZigZag32();

    public byte[] ReadBinaryElement()
    {
        var start = Position;
        var length = ReadVarint();
        if (length > (ulong)(buffer.Length - Position))
        {
            throw Error($"binary length {length} runs past the end of the data ({buffer.Length - Position} bytes left)", start);
        }

        var bytes = buffer.Span.Slice(Position, (int)length).ToArray();
        Position += (int)length;
        return bytes;
    }

    public string ReadStringElement() => Encoding.UTF8.GetString(ReadBinaryElement());

    /// <summary>Skips a value of the given wire type, including nested structs, lists and maps.</summary>
    public void Skip(CompactType type)
    {
        switch (type)
        {
            case CompactType.BooleanTrue or CompactType.BooleanFalse:
                break;
            case CompactType.I8:
                Take(1);
                break;
            case CompactType.I16 or CompactType.I32 or CompactType.I64:
                ReadVarint();
                break;
            case CompactType.Double:
                Take(8);
                break;
            case CompactType.Uuid:
                Take(16);
                break;
            case CompactType.Binary:
                ReadBinaryElement();
                break;
            case CompactType.List or CompactType.Set:
                var (elementType, count) = ReadListHeader();
                SkipElements(elementType, count);
                break;
            case CompactType.Map:
                SkipMap();
                break;
            case CompactType.Struct:
                BeginStruct();
                while (NextField(out var field))
                {
                    Skip(field.Type);
                }

                break;
            default:
                throw Error($"cannot skip a value of unknown type {(int)type}");
        }
    }

    private void SkipMap()
    {
        var count = checked((int)ReadVarint());
        if (count == 0)
        {
            return;
        }

        var types = ReadByte();
        var keyType = (CompactType)(types >> 4);
        var valueType = (CompactType)(types & 0x0F);
        for (var i = 0; i < count; i++)
        {
            SkipElement(keyType);
            SkipElement(valueType);
        }
    }

    private void SkipElements(CompactType elementType, int count)
    {
        for (var i = 0; i < count; i++)
        {
            SkipElement(elementType);
        }
    }

    // Inside lists and maps a bool is one byte, whichever of the two bool type codes names it.
    private void SkipElement(CompactType type)
    {
        if (type is CompactType.BooleanTrue or CompactType.BooleanFalse)
        {
            Take(1);
        }
        else
        {
            Skip(type);
        }
    }

    private (CompactType Type, int Count) ReadListHeader()
    {
        var header = ReadByte();
        var type = (CompactType)(header & 0x0F);
        var count = header >> 4;
        if (count == 15)
        {
            var start = Position;
            var size = ReadVarint();
            if (size > (ulong)(buffer.Length - Position))
            {
                throw Error($"list size {size} exceeds the remaining {buffer.Length - Position} bytes", start);
            }

            count = (int)size;
        }

        return (type, count);
    }

    private void Expect(CompactField field, CompactType type)
    {
        if (field.Type != type)
        {
            throw WrongType(field, type.ToString());
        }
    }

    private ThriftFormatException WrongType(CompactField field, string expected) =>
        Error($"field {field.Id} has wire type {field.Type}, expected {expected}");

    private int ReadZigZag32()
    {
        var start = Position;
        var raw = ReadVarint();
        if (raw > uint.MaxValue)
        {
            throw Error($"varint {raw} does not fit a 32-bit integer", start);
        }

        return (int)((uint)raw >> 1) ^ -(int)(raw & 1);
    }

    private ulong ReadVarint()
    {
        var start = Position;
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw Error("varint longer than 10 bytes", start);
    }

    private byte ReadByte() => Take(1)[0];

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > buffer.Length - Position)
        {
            throw Error($"unexpected end of data: needed {count} byte(s), {buffer.Length - Position} left");
        }

        var span = buffer.Span.Slice(Position, count);
        Position += count;
        return span;
    }

    /// <summary>Fails for a required field that was absent from the struct that just ended.</summary>
    public T Required<T>(T? value, string name)
        where T : struct =>
        value ?? throw Error($"required field {name} is missing");

    /// <summary>Fails for a required field that was absent from the struct that just ended.</summary>
    public T Required<T>(T? value, string name)
        where T : class =>
        value ?? throw Error($"required field {name} is missing");

    private ThriftFormatException Error(string message, int? at = null) => new(message, at ?? Position);
}
