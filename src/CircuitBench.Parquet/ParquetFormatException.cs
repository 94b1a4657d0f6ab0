namespace CircuitBench.Parquet;

/// <summary>
/// A Parquet file that is malformed or uses a feature this library does not read. The message
/// names the file, what is wrong, and where (byte offset, row group, column) when known.
/// </summary>
public sealed class ParquetFormatException : Exception
{
    /// <summary>Creates the exception; the message is "Parquet file 'path': problem[ (at byte N)]".</summary>
    public ParquetFormatException(string filePath, string problem, long? offset = null, Exception? inner = null)
        : base($"Parquet file '{filePath}': {problem}{(offset is { } at ? $" (at byte {at})" : "")}", inner)
    {
        FilePath = filePath;
        Problem = problem;
        Offset = offset;
    }

    /// <summary>The file (or the name given to an in-memory buffer).</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }

    /// <summary>Byte offset in the file where the problem was found, when known.</summary>
    public long? Offset { get; }
}
