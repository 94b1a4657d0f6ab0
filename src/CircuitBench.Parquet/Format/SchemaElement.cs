using CircuitBench.Parquet.Thrift;

namespace CircuitBench.Parquet.Format;

/// <summary>parquet.thrift <c>SchemaElement</c>: the root group (with children) or a leaf column.</summary>
internal sealed record SchemaElement(string Name)
{
    public PhysicalType? Type { get; init; }

    public Repetition? Repetition { get; init; }

    public int? NumChildren { get; init; }

    public ConvertedType? ConvertedType { get; init; }

    public LogicalType? LogicalType { get; init; }

    public void Write(CompactWriter writer)
    {
        if (Type is { } type)
        {
            writer.WriteI32(1, (int)type);
        }

        if (Repetition is { } repetition)
        {
            writer.WriteI32(3, (int)repetition);
        }

        writer.WriteString(4, Name);
        if (NumChildren is { } children)
        {
            writer.WriteI32(5, children);
        }

        if (ConvertedType is { } converted)
        {
            writer.WriteI32(6, (int)converted);
        }

        if (LogicalType is { } logical)
        {
            writer.BeginStruct(10);
            logical.Write(writer);
            writer.EndStruct();
        }
    }

    public static SchemaElement Read(CompactReader reader)
    {
        PhysicalType? type = null;
        Repetition? repetition = null;
        string? name = null;
        int? children = null;
        ConvertedType? converted = null;
        LogicalType? logical = null;
        while (reader.NextField(out var field))
        {
            switch (field.Id)
            {
                case 1: type = (PhysicalType)reader.ReadI32(field); break;
                case 3: repetition = (Repetition)reader.ReadI32(field); break;
                case 4: name = reader.ReadString(field); break;
                case 5: children = reader.ReadI32(field); break;
                case 6: converted = (ConvertedType)reader.ReadI32(field); break;
                case 10:
                    reader.BeginStruct(field);
                    logical = LogicalType.Read(reader);
                    break;
                default: reader.Skip(field.Type); break;
            }
        }

        return new SchemaElement(reader.Required(name, "SchemaElement.name"))
        {
            Type = type,
            Repetition = repetition,
            NumChildren = children,
            ConvertedType = converted,
            LogicalType = logical,
        };
    }
}
