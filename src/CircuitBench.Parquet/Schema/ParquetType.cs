namespace CircuitBench.Parquet;

/// <summary>Value types of a flat Parquet column, with the physical type each is stored as.</summary>
public enum ParquetType
{
    /// <summary>32-bit signed integer (INT32; .NET <see cref="int"/>).</summary>
    Int32,

    /// <summary>64-bit signed integer (INT64; .NET <see cref="long"/>).</summary>
    Int64,

    /// <summary>32-bit IEEE float (FLOAT; .NET <see cref="float"/>).</summary>
    Float,

    /// <summary>64-bit IEEE float (DOUBLE; .NET <see cref="double"/>).</summary>
    Double,

    /// <summary>Boolean (BOOLEAN; .NET <see cref="bool"/>).</summary>
    Boolean,

    /// <summary>UTF-8 text (BYTE_ARRAY annotated STRING / UTF8; .NET <see cref="string"/>).</summary>
    String,
}
