namespace CircuitBench.Safetensors;

/// <summary>Constants of the safetensors format (https://github.com/huggingface/safetensors).</summary>
internal static class SafetensorsSpec
{
    /// <summary>Bytes of the little-endian u64 header length at the start of the file.</summary>
    public const int HeaderLengthSize = 8;

    /// <summary>Largest header the reference implementation accepts.</summary>
    public const long MaxHeaderLength = 100_000_000;

    /// <summary>The header key holding the string→string metadata map.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The header is padded with spaces so that the data section starts at a multiple of this.</summary>
    public const int HeaderAlignment = 8;

    /// <summary>
    /// Product of the dimensions (1 for a scalar; 0 when any dimension is 0, even if the others would
    /// overflow). False when a dimension is negative or the product does not fit in a long.
    /// </summary>
    public static bool TryElementCount(ReadOnlySpan<long> shape, out long count)
    {
        count = shape.Contains(0) ? 0 : 1;
        foreach (var dim in shape)
        {
            if (dim < 0 || !TryMultiply(count, dim, out count))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Product of two non-negative longs; false on overflow.</summary>
    public static bool TryMultiply(long a, long b, out long product)
    {
        var high = Math.BigMul(a, b, out product);
        return high == 0 && product >= 0;
    }

    /// <summary>Throws on big-endian hosts: tensor data is little-endian and read without byte swaps.</summary>
    public static void RequireLittleEndianHost()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Safetensors data is little-endian; this host is big-endian.");
        }
    }
}
