using CircuitBench.Parquet.Format;

namespace CircuitBench.Parquet.Encodings;

/// <summary>
/// How one value type is stored: PLAIN encoding (Encodings.md) for pages and dictionaries, the
/// statistics encoding (PLAIN without a length prefix), and the column order used for min/max.
/// </summary>
internal interface IValueCodec<T>
{
    PhysicalType PhysicalType { get; }

    /// <summary>Appends the PLAIN encoding of <paramref name="values"/>.</summary>
    void EncodePlain(ReadOnlySpan<T> values, Stream output);

    /// <summary>Decodes <paramref name="count"/> PLAIN values; <paramref name="consumed"/> is the bytes used.</summary>
    /// <exception cref="InvalidDataException">The data is too short or invalid.</exception>
    T[] DecodePlain(ReadOnlySpan<byte> data, int count, out int consumed);

    /// <summary>Encodes a statistics bound.</summary>
    byte[] EncodeStatistic(T value);

    /// <summary>Decodes a statistics bound.</summary>
    /// <exception cref="InvalidDataException">The bytes have the wrong size.</exception>
    T DecodeStatistic(byte[] bytes);

    /// <summary>The smallest and largest value in the type's column order, or null when no value is ordered (empty, or all NaN).</summary>
    (T Min, T Max)? MinMax(ReadOnlySpan<T> values);
}
