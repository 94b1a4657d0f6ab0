using CircuitBench.Parquet.Encodings;
using CircuitBench.Parquet.Format;

namespace CircuitBench.Parquet.Reader;

/// <summary>Collects one column's values, page by page, across all row groups.</summary>
internal interface IColumnAccumulator
{
    /// <summary>Stores the chunk's dictionary (PLAIN values) for the dictionary-encoded pages that follow.</summary>
    void SetDictionary(ReadOnlySpan<byte> data, int count);

    /// <summary>
    /// Appends a data page's values: <paramref name="presentCount"/> non-null values encoded in
    /// <paramref name="data"/>, and for nullable columns the page's definition levels (one per row).
    /// </summary>
    void AddPage(ParquetEncoding encoding, ReadOnlySpan<byte> data, int presentCount, ReadOnlySpan<int> definitionLevels);

    /// <summary>Ends a column chunk: its dictionary does not apply to the next one.</summary>
    void EndChunk();

    /// <summary>Decodes chunk statistics into values of the column's type.</summary>
    ParquetStatistics DecodeStatistics(Statistics statistics);

    /// <summary>The column, once every row has been added.</summary>
    ParquetColumn Build();
}

/// <summary>Creates the accumulator for a field's type.</summary>
internal static class ColumnAccumulator
{
    public static IColumnAccumulator Create(ParquetField field, int rowCount) => field.Type switch
    {
        ParquetType.Int32 => new ColumnAccumulator<int>(Int32Codec.Instance, field, rowCount, Scatter),
        ParquetType.Int64 => new ColumnAccumulator<long>(Int64Codec.Instance, field, rowCount, Scatter),
        ParquetType.Float => new ColumnAccumulator<float>(FloatCodec.Instance, field, rowCount, Scatter),
        ParquetType.Double => new ColumnAccumulator<double>(DoubleCodec.Instance, field, rowCount, Scatter),
        ParquetType.Boolean => new ColumnAccumulator<bool>(BooleanCodec.Instance, field, rowCount, Scatter),
        _ => new ColumnAccumulator<string>(StringCodec.Instance, field, rowCount, ScatterStrings),
    };

    private static T?[] Scatter<T>(T[] values, bool[] present)
        where T : struct
    {
        var result = new T?[present.Length];
        var next = 0;
        for (var row = 0; row < present.Length; row++)
        {
            result[row] = present[row] ? values[next++] : null;
        }

        return result;
    }

    private static string?[] ScatterStrings(string[] values, bool[] present)
    {
        var result = new string?[present.Length];
        var next = 0;
        for (var row = 0; row < present.Length; row++)
        {
            result[row] = present[row] ? values[next++] : null;
        }

        return result;
    }
}

/// <summary>
/// Decodes pages of one value type: PLAIN, dictionary indices (PLAIN_DICTIONARY / RLE_DICTIONARY:
/// a bit-width byte, then the RLE/bit-packed hybrid) and, for fixed-width types, BYTE_STREAM_SPLIT.
/// Non-null values are kept densely; nullable columns are spread out by their definition levels at the end.
/// </summary>
internal sealed class ColumnAccumulator<T>(
    IValueCodec<T> codec,
    ParquetField field,
    int rowCount,
    Func<T[], bool[], Array> scatter) : IColumnAccumulator
{
    private readonly T[] _values = new T[rowCount];
    private readonly bool[]? _present = field.IsNullable ? new bool[rowCount] : null;
    private int _rows;
    private int _valueCount;
    private T[]? _dictionary;

    public void SetDictionary(ReadOnlySpan<byte> data, int count)
    {
        if (count < 0)
        {
            throw new InvalidDataException($"dictionary page declares {count} values.");
        }

        _dictionary = codec.DecodePlain(data, count, out _);
    }

    public void AddPage(ParquetEncoding encoding, ReadOnlySpan<byte> data, int presentCount, ReadOnlySpan<int> definitionLevels)
    {
        var pageRows = _present is null ? presentCount : definitionLevels.Length;
        if (pageRows > rowCount - _rows)
        {
            throw new InvalidDataException($"the page holds {pageRows} rows, more than the {rowCount - _rows} the row groups have left.");
        }

        var values = encoding switch
        {
            ParquetEncoding.Plain => codec.DecodePlain(data, presentCount, out _),
            ParquetEncoding.PlainDictionary or ParquetEncoding.RleDictionary => FromDictionary(data, presentCount),
            ParquetEncoding.ByteStreamSplit when codec is IByteStreamSplitDecoder<T> split => split.DecodeByteStreamSplit(data, presentCount),
            _ => throw new NotSupportedException(
                $"encoding {FormatNames.Of(encoding)} is not supported for {FormatNames.Of(codec.PhysicalType)} (supported: PLAIN, PLAIN_DICTIONARY, RLE_DICTIONARY, BYTE_STREAM_SPLIT for fixed-width types)."),
        };
        values.CopyTo(_values, _valueCount);
        _valueCount += values.Length;
        if (_present is not null)
        {
            for (var i = 0; i < definitionLevels.Length; i++)
            {
                _present[_rows + i] = definitionLevels[i] == 1;
            }
        }

        _rows += pageRows;
    }

    public void EndChunk() => _dictionary = null;

    public ParquetStatistics DecodeStatistics(Statistics statistics)
    {
        // The deprecated min/max use signed order, which is the column order for every type here but strings.
        var legacyUsable = codec.PhysicalType != PhysicalType.ByteArray;
        var min = statistics.MinValue ?? (legacyUsable ? statistics.LegacyMin : null);
        var max = statistics.MaxValue ?? (legacyUsable ? statistics.LegacyMax : null);
        return new ParquetStatistics(
            statistics.NullCount,
            min is null ? null : codec.DecodeStatistic(min),
            max is null ? null : codec.DecodeStatistic(max));
    }

    public ParquetColumn Build()
    {
        if (_rows != rowCount)
        {
            throw new InvalidDataException($"column '{field.Name}' has {_rows} rows, the row groups declare {rowCount}.");
        }

        var dense = _valueCount == _values.Length ? _values : _values[.._valueCount];
        return new ParquetColumn(field, _present is null ? dense : scatter(dense, _present));
    }

    private T[] FromDictionary(ReadOnlySpan<byte> data, int count)
    {
        var dictionary = _dictionary ?? throw new InvalidDataException("a dictionary-encoded page comes without a dictionary page.");
        if (count == 0)
        {
            return [];
        }

        if (data.IsEmpty)
        {
            throw new InvalidDataException("a dictionary-encoded page has no bit-width byte.");
        }

        var indices = new int[count];
        RleHybrid.Decode(data[1..], data[0], indices);
        var values = new T[count];
        for (var i = 0; i < count; i++)
        {
            var index = indices[i];
            values[i] = (uint)index < (uint)dictionary.Length
                ? dictionary[index]
                : throw new InvalidDataException($"dictionary index {index} is out of range (the dictionary has {dictionary.Length} values).");
        }

        return values;
    }
}
