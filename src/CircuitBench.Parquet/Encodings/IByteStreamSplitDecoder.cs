namespace CircuitBench.Parquet.Encodings;

/// <summary>Decodes BYTE_STREAM_SPLIT (fixed-width types): byte k of every value is stored in stream k.</summary>
internal interface IByteStreamSplitDecoder<T>
{
    /// <summary>Decodes <paramref name="count"/> values, which must fill <paramref name="data"/> exactly.</summary>
    /// <exception cref="InvalidDataException">The data has the wrong length.</exception>
    T[] DecodeByteStreamSplit(ReadOnlySpan<byte> data, int count);
}
