namespace CircuitBench.Safetensors;

/// <summary>
/// One row of a safetensors tensor table: name, element type, shape and the byte range
/// <c>[DataBegin, DataEnd)</c> relative to the start of the data section (just after the header).
/// </summary>
public sealed class TensorEntry
{
    internal TensorEntry(string name, SafetensorsDType dtype, long[] shape, long dataBegin, long dataEnd, long elementCount)
    {
        Name = name;
        DType = dtype;
        Shape = Array.AsReadOnly(shape);
        DataBegin = dataBegin;
        DataEnd = dataEnd;
        ElementCount = elementCount;
    }

    /// <summary>Tensor name as in the header, e.g. <c>"h.0.attn.c_attn.weight"</c>.</summary>
    public string Name { get; }

    /// <summary>Element type as stored.</summary>
    public SafetensorsDType DType { get; }

    /// <summary>Dimensions, outermost first (row-major); empty for a scalar.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>First byte of the data, relative to the data section.</summary>
    public long DataBegin { get; }

    /// <summary>One past the last byte of the data, relative to the data section.</summary>
    public long DataEnd { get; }

    /// <summary>Product of <see cref="Shape"/> (1 for a scalar, 0 when a dimension is 0).</summary>
    public long ElementCount { get; }

    /// <summary>Stored size in bytes: <c>DataEnd - DataBegin</c>.</summary>
    public long ByteLength => DataEnd - DataBegin;

    /// <summary>For example <c>wte: F32 [50257, 768] @ 0..154389504</c>.</summary>
    public override string ToString() =>
        $"{Name}: {DType.SpecName()} [{string.Join(", ", Shape)}] @ {DataBegin}..{DataEnd}";
}
