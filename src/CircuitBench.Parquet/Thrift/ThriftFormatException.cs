namespace CircuitBench.Parquet.Thrift;

/// <summary>Malformed Thrift compact data; <see cref="Offset"/> is the byte where decoding failed.</summary>
internal sealed class ThriftFormatException(string message, long offset) : Exception(message)
{
    /// <summary>Byte offset, relative to the start of the decoded buffer.</summary>
    public long Offset { get; } = offset;
}
