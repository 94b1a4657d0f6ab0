namespace CircuitBench.Parquet.Writer;

/// <summary>Writes to a stream and counts the bytes, so file offsets are known without seeking.</summary>
internal sealed class ByteSink(Stream stream)
{
    /// <summary>Bytes written so far: the file offset of the next byte.</summary>
    public long Position { get; private set; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        stream.Write(bytes);
        Position += bytes.Length;
    }
}
