namespace CircuitBench.Safetensors;

/// <summary>Spec names and element sizes of <see cref="SafetensorsDType"/>.</summary>
public static class SafetensorsDTypes
{
    private static readonly (SafetensorsDType DType, string Name, int Size)[] Table =
    [
        (SafetensorsDType.Bool, "BOOL", 1),
        (SafetensorsDType.U8, "U8", 1),
        (SafetensorsDType.I8, "I8", 1),
        (SafetensorsDType.F8E5M2, "F8_E5M2", 1),
        (SafetensorsDType.F8E4M3, "F8_E4M3", 1),
        (SafetensorsDType.I16, "I16", 2),
        (SafetensorsDType.U16, "U16", 2),
        (SafetensorsDType.F16, "F16", 2),
        (SafetensorsDType.BF16, "BF16", 2),
        (SafetensorsDType.I32, "I32", 4),
        (SafetensorsDType.U32, "U32", 4),
        (SafetensorsDType.F32, "F32", 4),
        (SafetensorsDType.F64, "F64", 8),
        (SafetensorsDType.I64, "I64", 8),
        (SafetensorsDType.U64, "U64", 8),
    ];

    /// <summary>The name used in the JSON header, e.g. <c>"F8_E4M3"</c>.</summary>
    public static string SpecName(this SafetensorsDType dtype) => Entry(dtype).Name;

    /// <summary>Size of one element in bytes.</summary>
    public static int ElementSize(this SafetensorsDType dtype) => Entry(dtype).Size;

    /// <summary>Parses a spec name (case-sensitive, as the spec writes them).</summary>
    public static bool TryParse(string name, out SafetensorsDType dtype)
    {
        foreach (var entry in Table)
        {
            if (entry.Name == name)
            {
                dtype = entry.DType;
                return true;
            }
        }
        dtype = default;
        return false;
    }

    /// <summary>All spec names, for error messages.</summary>
    public static IEnumerable<string> SpecNames => Table.Select(e => e.Name);

    private static (SafetensorsDType DType, string Name, int Size) Entry(SafetensorsDType dtype)
    {
        foreach (var entry in Table)
        {
            if (entry.DType == dtype)
            {
                return entry;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a safetensors dtype.");
    }
}
