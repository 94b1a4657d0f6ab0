using System.IO.Compression;

namespace CircuitBench.Parquet.Compression;

/// <summary>Compresses pages (UNCOMPRESSED, GZIP) and decompresses them (also SNAPPY).</summary>
internal static class PageCompression
{
    /// <summary>The codecs <see cref="Compress"/> accepts.</summary>
    public static bool CanWrite(ParquetCodec codec) => codec is ParquetCodec.Uncompressed or ParquetCodec.Gzip;

    /// <summary>The codecs <see cref="Decompress"/> accepts.</summary>
    public static bool CanRead(ParquetCodec codec) => CanWrite(codec) || codec == ParquetCodec.Snappy;

    public static byte[] Compress(ParquetCodec codec, byte[] data)
    {
        switch (codec)
        {
            case ParquetCodec.Uncompressed:
                return data;
            case ParquetCodec.Gzip:
                using (var output = new MemoryStream())
                {
                    using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
                    {
                        gzip.Write(data);
                    }

                    return output.ToArray();
                }

            default:
                throw new NotSupportedException($"cannot write pages with codec {Name(codec)}.");
        }
    }

    /// <exception cref="InvalidDataException">The data is corrupt or has the wrong size.</exception>
    /// <exception cref="NotSupportedException">The codec is not one of <see cref="CanRead"/>.</exception>
    public static byte[] Decompress(ParquetCodec codec, ReadOnlySpan<byte> data, int uncompressedSize) => codec switch
    {
        ParquetCodec.Uncompressed => data.Length == uncompressedSize
            ? data.ToArray()
            : throw new InvalidDataException($"uncompressed page has {data.Length} bytes, its header says {uncompressedSize}."),
        ParquetCodec.Snappy => Snappy.Decompress(data, uncompressedSize),
        ParquetCodec.Gzip => Gunzip(data, uncompressedSize),
        _ => throw new NotSupportedException($"compression codec {Name(codec)} is not supported (supported: UNCOMPRESSED, SNAPPY, GZIP)."),
    };

    /// <summary>The codec's name as parquet.thrift spells it.</summary>
    public static string Name(ParquetCodec codec) => codec switch
    {
        ParquetCodec.Uncompressed => "UNCOMPRESSED",
        ParquetCodec.Snappy => "SNAPPY",
        ParquetCodec.Gzip => "GZIP",
        ParquetCodec.Lzo => "LZO",
        ParquetCodec.Brotli => "BROTLI",
        ParquetCodec.Lz4 => "LZ4",
        ParquetCodec.Zstd => "ZSTD",
        ParquetCodec.Lz4Raw => "LZ4_RAW",
        _ => $"codec #{(int)codec}",
    };

    private static byte[] Gunzip(ReadOnlySpan<byte> data, int uncompressedSize)
    {
        using var input = new MemoryStream(data.ToArray());
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        var output = new byte[uncompressedSize];
        try
        {
            gzip.ReadExactly(output);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"GZIP page expands to fewer than the {uncompressedSize} bytes its header says.", e);
        }

        if (gzip.ReadByte() != -1)
        {
            throw new InvalidDataException($"GZIP page expands to more than the {uncompressedSize} bytes its header says.");
        }

        return output;
    }
}
