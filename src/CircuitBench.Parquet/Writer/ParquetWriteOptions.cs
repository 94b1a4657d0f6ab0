namespace CircuitBench.Parquet;

/// <summary>How <see cref="ParquetWriter"/> lays out a file.</summary>
public sealed record ParquetWriteOptions
{
    /// <summary>Page compression: <see cref="ParquetCodec.Gzip"/> (default) or <see cref="ParquetCodec.Uncompressed"/>.</summary>
    public ParquetCodec Codec { get; init; } = ParquetCodec.Gzip;

    /// <summary>Maximum rows per row group (default 1,000,000).</summary>
    public int RowGroupSize { get; init; } = 1_000_000;

    /// <summary>Maximum rows per data page within a column chunk (default 100,000).</summary>
    public int PageRowCount { get; init; } = 100_000;

    /// <summary>File key-value metadata, written sorted by key (ordinal) so the bytes are deterministic.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
