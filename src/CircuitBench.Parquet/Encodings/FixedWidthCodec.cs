using System.Runtime.InteropServices;
using CircuitBench.Parquet.Format;

namespace CircuitBench.Parquet.Encodings;

/// <summary>
/// PLAIN for fixed-width little-endian values (INT32, INT64, FLOAT, DOUBLE): the raw bytes, one
/// value after another; also decodes BYTE_STREAM_SPLIT, where byte k of every value is stored in stream k.
/// </summary>
internal abstract class FixedWidthCodec<T> : IValueCodec<T>, IByteStreamSplitDecoder<T>
    where T : unmanaged
{
    protected FixedWidthCodec()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("CircuitBench.Parquet needs a little-endian machine.");
        }
    }

    public abstract PhysicalType PhysicalType { get; }

    private static int Width => Marshal.SizeOf<T>();

    public void EncodePlain(ReadOnlySpan<T> values, Stream output) => output.Write(MemoryMarshal.AsBytes(values));

    public T[] DecodePlain(ReadOnlySpan<byte> data, int count, out int consumed)
    {
        consumed = Bytes(data, count, "PLAIN");
        return MemoryMarshal.Cast<byte, T>(data[..consumed]).ToArray();
    }

    public T[] DecodeByteStreamSplit(ReadOnlySpan<byte> data, int count)
    {
        var length = Bytes(data, count, "BYTE_STREAM_SPLIT");
        if (length != data.Length)
        {
            throw new InvalidDataException($"BYTE_STREAM_SPLIT data has {data.Length} bytes, expected {length} for {count} values.");
        }

        var values = new T[count];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        for (var stream = 0; stream < Width; stream++)
        {
            for (var i = 0; i < count; i++)
            {
                bytes[(i * Width) + stream] = data[(stream * count) + i];
            }
        }

        return values;
    }

    public byte[] EncodeStatistic(T value) => MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)).ToArray();

    public T DecodeStatistic(byte[] bytes) => bytes.Length == Width
        ? MemoryMarshal.Read<T>(bytes)
        : throw new InvalidDataException($"a {PhysicalType} statistic needs {Width} bytes, found {bytes.Length}.");

    public abstract (T Min, T Max)? MinMax(ReadOnlySpan<T> values);

    private static int Bytes(ReadOnlySpan<byte> data, int count, string encoding)
    {
        var length = (long)count * Width;
        return length <= data.Length
            ? (int)length
            : throw new InvalidDataException($"{encoding} data for {count} values of {Width} bytes needs {length} bytes, found {data.Length}.");
    }
}
