namespace CircuitBench.Parquet.Reader;

/// <summary>The file being read, for error messages.</summary>
internal sealed record ReadContext(string FilePath)
{
    public ParquetFormatException Fail(string problem, long? offset = null, Exception? inner = null) =>
        new(FilePath, problem, offset, inner);
}
