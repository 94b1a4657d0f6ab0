using CircuitBench.Parquet.Format;

namespace CircuitBench.Parquet.Reader;

/// <summary>
/// Maps a flat Parquet schema (a root group whose children are all leaves) to fields. Accepted
/// annotations: none or signed INT_8/16/32/64 (INTEGER) on INT32/INT64, and UTF8 (STRING) on BYTE_ARRAY.
/// </summary>
internal static class SchemaMapper
{
    public static IReadOnlyList<ParquetField> Map(ReadContext context, IReadOnlyList<SchemaElement> schema)
    {
        if (schema.Count == 0)
        {
            throw context.Fail("the schema is empty (no root element)");
        }

        var declared = schema[0].NumChildren ?? 0;
        var leaves = schema.Skip(1).ToList();
        if (leaves.FirstOrDefault(e => e.NumChildren is > 0 || e.Type is null) is { } group)
        {
            throw context.Fail($"column '{group.Name}' is a nested group; only flat tables are supported");
        }

        if (declared == 0 || declared != leaves.Count)
        {
            throw context.Fail($"the schema root declares {declared} columns but lists {leaves.Count}; a flat table needs at least one");
        }

        return [.. leaves.Select(leaf => Map(context, leaf))];
    }

    private static ParquetField Map(ReadContext context, SchemaElement leaf)
    {
        var nullable = leaf.Repetition switch
        {
            Repetition.Required => false,
            Repetition.Optional => true,
            _ => throw context.Fail($"column '{leaf.Name}' is {leaf.Repetition?.ToString().ToUpperInvariant() ?? "missing its repetition"}; only REQUIRED and OPTIONAL columns are supported"),
        };
        var type = leaf.Type switch
        {
            PhysicalType.Boolean when Plain(leaf) => ParquetType.Boolean,
            PhysicalType.Float when Plain(leaf) => ParquetType.Float,
            PhysicalType.Double when Plain(leaf) => ParquetType.Double,
            PhysicalType.Int32 when SignedInteger(leaf, 32) => ParquetType.Int32,
            PhysicalType.Int64 when SignedInteger(leaf, 64) => ParquetType.Int64,
            PhysicalType.ByteArray when Utf8(leaf) => ParquetType.String,
            _ => throw context.Fail($"column '{leaf.Name}' has type {Describe(leaf)}, which is not supported (supported: INT32, INT64, FLOAT, DOUBLE, BOOLEAN, UTF-8 BYTE_ARRAY)"),
        };
        return new ParquetField(leaf.Name, type, nullable);
    }

    private static bool Plain(SchemaElement leaf) => leaf.ConvertedType is null && leaf.LogicalType is null;

    private static bool SignedInteger(SchemaElement leaf, int physicalBits)
    {
        var convertedOk = leaf.ConvertedType switch
        {
            null => true,
            ConvertedType.Int8 or ConvertedType.Int16 or ConvertedType.Int32 => physicalBits == 32,
            ConvertedType.Int64 => physicalBits == 64,
            _ => false,
        };
        var logicalOk = leaf.LogicalType is null
            || (leaf.LogicalType.Member == LogicalType.IntegerMember && leaf.LogicalType.IsSigned && leaf.LogicalType.BitWidth <= physicalBits);
        return convertedOk && logicalOk;
    }

    private static bool Utf8(SchemaElement leaf) =>
        (leaf.ConvertedType is null or ConvertedType.Utf8)
        && (leaf.LogicalType is null || leaf.LogicalType.Member == LogicalType.StringMember)
        && (leaf.ConvertedType is not null || leaf.LogicalType is not null);

    private static string Describe(SchemaElement leaf)
    {
        var text = FormatNames.Of(leaf.Type!.Value);
        if (leaf.LogicalType is { } logical)
        {
            text += $" with logical type {logical.Name}";
        }
        else if (leaf.ConvertedType is { } converted)
        {
            text += $" with converted type {FormatNames.Of(converted)}";
        }
        else if (leaf.Type == PhysicalType.ByteArray)
        {
            text += " without a UTF8/STRING annotation (binary)";
        }

        return text;
    }
}
