using System.Runtime.InteropServices;

namespace CircuitBench.Safetensors;

/// <summary>
/// Collects named tensors and metadata, then writes a safetensors file. The output is deterministic:
/// tensors are laid out from offset 0 by element size (largest first, so every tensor is aligned to its
/// element size) and then by name (ordinal), whatever order they were added in; metadata keys are sorted.
/// </summary>
/// <example>
/// <code>
/// var writer = new SafetensorsWriter();
/// writer.Add("wte", weights, [vocab, dModel], SafetensorsDType.BF16);
/// writer.Add("ids", tokenIds, [batch, seq]);
/// writer.Metadata["format"] = "pt";
/// writer.Write("model.safetensors");
/// </code>
/// </example>
public sealed class SafetensorsWriter
{
    private readonly Dictionary<string, PendingTensor> _tensors = new(StringComparer.Ordinal);

    /// <summary>The <c>__metadata__</c> map written to the header (omitted when empty).</summary>
    public IDictionary<string, string> Metadata { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Adds a float tensor, stored as <paramref name="storeAs"/>: F32 (exact), F16 or BF16
    /// (rounded to nearest even; overflow becomes ±inf).</summary>
    /// <param name="name">Unique tensor name.</param>
    /// <param name="values">Row-major values; the length must equal the product of <paramref name="shape"/>.</param>
    /// <param name="shape">Dimensions, outermost first; empty for a scalar.</param>
    /// <param name="storeAs">F32, F16 or BF16.</param>
    public void Add(string name, ReadOnlySpan<float> values, ReadOnlySpan<long> shape, SafetensorsDType storeAs = SafetensorsDType.F32)
    {
        var dims = CheckShape(name, values.Length, shape);
        var data = new byte[values.Length * storeAs.ElementSize()];
        switch (storeAs)
        {
            case SafetensorsDType.F32: MemoryMarshal.AsBytes(values).CopyTo(data); break;
            case SafetensorsDType.F16: ElementConversion.Narrow(values, MemoryMarshal.Cast<byte, Half>(data.AsSpan())); break;
            case SafetensorsDType.BF16: ElementConversion.NarrowToBFloat16(values, MemoryMarshal.Cast<byte, ushort>(data.AsSpan())); break;
            default:
                throw new ArgumentException($"Float tensors are stored as F32, F16 or BF16, not {storeAs.SpecName()}.", nameof(storeAs));
        }
        Store(new PendingTensor(name, storeAs, dims, data));
    }

    /// <summary>Adds an I64 tensor (e.g. token ids).</summary>
    /// <param name="name">Unique tensor name.</param>
    /// <param name="values">Row-major values; the length must equal the product of <paramref name="shape"/>.</param>
    /// <param name="shape">Dimensions, outermost first; empty for a scalar.</param>
    public void Add(string name, ReadOnlySpan<long> values, ReadOnlySpan<long> shape) =>
        Store(new PendingTensor(name, SafetensorsDType.I64, CheckShape(name, values.Length, shape), MemoryMarshal.AsBytes(values).ToArray()));

    /// <summary>Adds an I32 tensor.</summary>
    /// <param name="name">Unique tensor name.</param>
    /// <param name="values">Row-major values; the length must equal the product of <paramref name="shape"/>.</param>
    /// <param name="shape">Dimensions, outermost first; empty for a scalar.</param>
    public void Add(string name, ReadOnlySpan<int> values, ReadOnlySpan<long> shape) =>
        Store(new PendingTensor(name, SafetensorsDType.I32, CheckShape(name, values.Length, shape), MemoryMarshal.AsBytes(values).ToArray()));

    /// <summary>Writes the file atomically: a temporary file in the same folder, flushed, then renamed over <paramref name="path"/>.</summary>
    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (header, ordered) = Prepare();
        AtomicFile.Write(path, stream => WriteContent(stream, header, ordered));
    }

    /// <summary>Writes the file's bytes to <paramref name="stream"/> (not atomic; see <see cref="Write"/>).</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (header, ordered) = Prepare();
        WriteContent(stream, header, ordered);
    }

    private (byte[] Header, PendingTensor[] Ordered) Prepare()
    {
        SafetensorsSpec.RequireLittleEndianHost();
        foreach (var (key, value) in Metadata)
        {
            if (value is null)
            {
                throw new InvalidOperationException($"Metadata key '{key}' has a null value; safetensors metadata values are strings.");
            }
        }
        var ordered = _tensors.Values
            .OrderByDescending(t => t.DType.ElementSize())
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .ToArray();
        var metadata = new Dictionary<string, string>(Metadata, StringComparer.Ordinal);
        return (HeaderWriter.Serialize(ordered, metadata), ordered);
    }

    private static void WriteContent(Stream stream, byte[] header, PendingTensor[] ordered)
    {
        Span<byte> length = stackalloc byte[SafetensorsSpec.HeaderLengthSize];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var tensor in ordered)
        {
            stream.Write(tensor.Data);
        }
    }

    private void Store(PendingTensor tensor)
    {
        if (!_tensors.TryAdd(tensor.Name, tensor))
        {
            throw new ArgumentException($"A tensor named '{tensor.Name}' was already added.", nameof(tensor));
        }
    }

    private static long[] CheckShape(string name, int valueCount, ReadOnlySpan<long> shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == SafetensorsSpec.MetadataKey)
        {
            throw new ArgumentException($"'{SafetensorsSpec.MetadataKey}' is reserved for the metadata map.", nameof(name));
        }
        if (!SafetensorsSpec.TryElementCount(shape, out var count))
        {
            throw new ArgumentException(
                $"Tensor '{name}': shape [{string.Join(", ", shape.ToArray())}] has a negative dimension or too many elements.", nameof(shape));
        }
        if (count != valueCount)
        {
            throw new ArgumentException(
                $"Tensor '{name}': shape [{string.Join(", ", shape.ToArray())}] has {count} elements, but {valueCount} values were given.", nameof(shape));
        }
        return shape.ToArray();
    }
}
