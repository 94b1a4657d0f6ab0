namespace CircuitBench.Safetensors;

/// <summary>
/// Element types of the safetensors format (byte-sized and wider; named as in the spec, e.g. <c>"BF16"</c>).
/// All multi-byte values are little-endian.
/// </summary>
public enum SafetensorsDType
{
    /// <summary>Boolean, one byte (<c>"BOOL"</c>).</summary>
    Bool,
    /// <summary>Unsigned 8-bit integer (<c>"U8"</c>).</summary>
    U8,
    /// <summary>Signed 8-bit integer (<c>"I8"</c>).</summary>
    I8,
    /// <summary>8-bit float, 5 exponent and 2 mantissa bits (<c>"F8_E5M2"</c>).</summary>
    F8E5M2,
    /// <summary>8-bit float, 4 exponent and 3 mantissa bits (<c>"F8_E4M3"</c>).</summary>
    F8E4M3,
    /// <summary>Signed 16-bit integer (<c>"I16"</c>).</summary>
    I16,
    /// <summary>Unsigned 16-bit integer (<c>"U16"</c>).</summary>
    U16,
    /// <summary>IEEE 754 half precision (<c>"F16"</c>).</summary>
    F16,
    /// <summary>bfloat16: the upper 16 bits of a float32 (<c>"BF16"</c>).</summary>
    BF16,
    /// <summary>Signed 32-bit integer (<c>"I32"</c>).</summary>
    I32,
    /// <summary>Unsigned 32-bit integer (<c>"U32"</c>).</summary>
    U32,
    /// <summary>IEEE 754 single precision (<c>"F32"</c>).</summary>
    F32,
    /// <summary>IEEE 754 double precision (<c>"F64"</c>).</summary>
    F64,
    /// <summary>Signed 64-bit integer (<c>"I64"</c>).</summary>
    I64,
    /// <summary>Unsigned 64-bit integer (<c>"U64"</c>).</summary>
    U64,
}
