namespace CircuitBench.Parquet;

/// <summary>Page compression codecs of the Parquet format (numbered as in parquet.thrift).</summary>
public enum ParquetCodec
{
    /// <summary>No compression (written and read).</summary>
    Uncompressed = 0,

    /// <summary>Snappy raw format (read only).</summary>
    Snappy = 1,

    /// <summary>GZIP (written and read).</summary>
    Gzip = 2,

    /// <summary>LZO (not supported).</summary>
    Lzo = 3,

    /// <summary>Brotli (not supported).</summary>
    Brotli = 4,

    /// <summary>Hadoop-framed LZ4 (not supported).</summary>
    Lz4 = 5,

    /// <summary>Zstandard (not supported).</summary>
    Zstd = 6,

    /// <summary>Raw LZ4 (not supported).</summary>
    Lz4Raw = 7,
}
