using CircuitBench.Parquet.Thrift;

namespace CircuitBench.Parquet.Format;

/// <summary>
/// parquet.thrift <c>LogicalType</c> union, reduced to what a flat-table reader must know: which
/// member is set (its field id), and for INTEGER the bit width and signedness.
/// </summary>
internal sealed record LogicalType(short Member, int BitWidth = 0, bool IsSigned = false)
{
    public const short StringMember = 1;
    public const short IntegerMember = 10;

    public static LogicalType String { get; } = new(StringMember);

    /// <summary>The member's name in parquet.thrift.</summary>
    public string Name => Member switch
    {
        1 => "STRING",
        2 => "MAP",
        3 => "LIST",
        4 => "ENUM",
        5 => "DECIMAL",
        6 => "DATE",
        7 => "TIME",
        8 => "TIMESTAMP",
        10 => $"INTEGER({BitWidth}, {(IsSigned ? "signed" : "unsigned")})",
        11 => "UNKNOWN",
        12 => "JSON",
        13 => "BSON",
        14 => "UUID",
        15 => "FLOAT16",
        16 => "VARIANT",
        17 => "GEOMETRY",
        18 => "GEOGRAPHY",
        _ => $"logical type #{Member}",
    };

    /// <summary>Writes the union's member (only empty-struct members such as STRING are ever written).</summary>
    public void Write(CompactWriter writer)
    {
        writer.BeginStruct(Member);
        writer.EndStruct();
    }

    public static LogicalType Read(CompactReader reader)
    {
        LogicalType? result = null;
        while (reader.NextField(out var field))
        {
            if (field.Id == IntegerMember)
            {
                result = ReadInteger(reader, field);
            }
            else
            {
                reader.Skip(field.Type);
                result = new LogicalType(field.Id);
            }
        }

        return reader.Required(result, "LogicalType member");
    }

    private static LogicalType ReadInteger(CompactReader reader, CompactField member)
    {
        reader.BeginStruct(member);
        int? bitWidth = null;
        bool? signed = null;
        while (reader.NextField(out var field))
        {
            switch (field.Id)
            {
                case 1: bitWidth = reader.ReadI8(field); break;
                case 2: signed = reader.ReadBool(field); break;
                default: reader.Skip(field.Type); break;
            }
        }

        return new LogicalType(IntegerMember, reader.Required(bitWidth, "IntType.bitWidth"), reader.Required(signed, "IntType.isSigned"));
    }
}
