namespace CircuitBench.Safetensors;

/// <summary>Element conversions between float32 and the stored float formats.</summary>
internal static class ElementConversion
{
    /// <summary>IEEE half → float32 (exact).</summary>
    public static void Widen(ReadOnlySpan<Half> source, Span<float> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = (float)source[i];
        }
    }

    /// <summary>bfloat16 → float32 (exact: the stored bits are the upper half of the float32).</summary>
    public static void WidenBFloat16(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = BitConverter.Int32BitsToSingle(source[i] << 16);
        }
    }

    /// <summary>float64 → float32, rounded to nearest.</summary>
    public static void Narrow(ReadOnlySpan<double> source, Span<float> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = (float)source[i];
        }
    }

    /// <summary>int32 → int64 (exact).</summary>
    public static void Widen(ReadOnlySpan<int> source, Span<long> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = source[i];
        }
    }

    /// <summary>float32 → IEEE half, rounded to nearest even (overflow gives ±inf, NaN stays NaN).</summary>
    public static void Narrow(ReadOnlySpan<float> source, Span<Half> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = (Half)source[i];
        }
    }

    /// <summary>
    /// float32 → bfloat16 bits, rounded to nearest even as PyTorch does (overflow gives ±inf);
    /// NaN keeps its sign and becomes a quiet NaN (a payload only in the low bits would otherwise be lost).
    /// </summary>
    public static void NarrowToBFloat16(ReadOnlySpan<float> source, Span<ushort> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            var bits = BitConverter.SingleToUInt32Bits(source[i]);
            destination[i] = float.IsNaN(source[i])
                ? (ushort)((bits >> 16) | 0x0040)
                : (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
        }
    }
}
