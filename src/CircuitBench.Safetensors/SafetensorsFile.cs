using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;

namespace CircuitBench.Safetensors;

/// <summary>
/// A safetensors file opened for reading, memory-mapped. <see cref="Open"/> validates the whole
/// header and layout up front (see <see cref="SafetensorsFormatException"/>) and refuses pickle
/// checkpoints; reads then copy (and convert) one tensor at a time from the map.
/// </summary>
/// <remarks>
/// Reads may run concurrently; <see cref="Dispose"/> must not overlap them. Dispose releases the map.
/// </remarks>
public sealed unsafe class SafetensorsFile : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _data; // start of the data section (after the 8-byte length and the header)
    private readonly Dictionary<string, TensorEntry> _byName;
    private bool _disposed;

    private SafetensorsFile(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* data,
        IReadOnlyList<TensorEntry> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        FilePath = path;
        _map = map;
        _view = view;
        _data = data;
        Tensors = tensors;
        Metadata = metadata;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The path the file was opened from.</summary>
    public string FilePath { get; }

    /// <summary>The tensor table in file order (by data offset).</summary>
    public IReadOnlyList<TensorEntry> Tensors { get; }

    /// <summary>The <c>__metadata__</c> map (empty when the header has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Opens, maps and validates a safetensors file.</summary>
    /// <exception cref="SafetensorsFormatException">The file breaks the format or is a pickle checkpoint.</exception>
    public static SafetensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafetensorsSpec.RequireLittleEndianHost();
        PickleGuard.RejectByExtension(path);

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.RandomAccess);
        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        var pointerAcquired = false;
        try
        {
            var length = stream.Length;
            Span<byte> head = stackalloc byte[PickleGuard.SniffLength];
            head = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
            PickleGuard.RejectByContent(path, head);
            if (length < SafetensorsSpec.HeaderLengthSize)
            {
                throw new SafetensorsFormatException(path, null,
                    $"the file has {length} bytes, fewer than the 8-byte header length every safetensors file starts with.");
            }
            var headerLength = CheckHeaderLength(path, BinaryPrimitives.ReadUInt64LittleEndian(head), length);

            map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            pointerAcquired = true;
            start += view.PointerOffset;

            var header = HeaderParser.Parse(path, new ReadOnlySpan<byte>(start + SafetensorsSpec.HeaderLengthSize, checked((int)headerLength)));
            var dataOffset = SafetensorsSpec.HeaderLengthSize + headerLength;
            var tensors = LayoutValidator.InFileOrder(path, header.Tensors, length - dataOffset);
            return new SafetensorsFile(path, map, view, start + dataOffset, tensors, header.Metadata);
        }
        catch
        {
            if (pointerAcquired)
            {
                view!.SafeMemoryMappedViewHandle.ReleasePointer();
            }
            view?.Dispose();
            map?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The entry for <paramref name="name"/>.</summary>
    /// <exception cref="SafetensorsFormatException">No tensor has that name; the message lists similar names.</exception>
    public TensorEntry this[string name] =>
        _byName.TryGetValue(name, out var entry) ? entry : throw MissingTensor(name);

    /// <summary>Looks up a tensor without throwing.</summary>
    public bool TryGetTensor(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TensorEntry entry) =>
        _byName.TryGetValue(name, out entry);

    /// <summary>Reads a float tensor (F32 as is; F16, BF16 widened; F64 rounded) into a new array.</summary>
    public float[] ReadFloat32(string name)
    {
        var values = new float[ArrayLength(this[name])];
        ReadFloat32(name, values);
        return values;
    }

    /// <summary>Reads a float tensor (F32 as is; F16, BF16 widened; F64 rounded) into <paramref name="destination"/>,
    /// whose length must equal the element count.</summary>
    public void ReadFloat32(string name, Span<float> destination)
    {
        var entry = Readable(name, destination.Length, "ReadFloat32",
            SafetensorsDType.F32, SafetensorsDType.F16, SafetensorsDType.BF16, SafetensorsDType.F64);
        switch (entry.DType)
        {
            case SafetensorsDType.F32: Elements<float>(entry).CopyTo(destination); break;
            case SafetensorsDType.F16: ElementConversion.Widen(Elements<Half>(entry), destination); break;
            case SafetensorsDType.BF16: ElementConversion.WidenBFloat16(Elements<ushort>(entry), destination); break;
            default: ElementConversion.Narrow(Elements<double>(entry), destination); break;
        }
    }

    /// <summary>Reads an integer tensor (I64, or I32 widened) into a new array.</summary>
    public long[] ReadInt64(string name)
    {
        var values = new long[ArrayLength(this[name])];
        ReadInt64(name, values);
        return values;
    }

    /// <summary>Reads an integer tensor (I64, or I32 widened) into <paramref name="destination"/>,
    /// whose length must equal the element count.</summary>
    public void ReadInt64(string name, Span<long> destination)
    {
        var entry = Readable(name, destination.Length, "ReadInt64", SafetensorsDType.I64, SafetensorsDType.I32);
        if (entry.DType == SafetensorsDType.I64)
        {
            Elements<long>(entry).CopyTo(destination);
        }
        else
        {
            ElementConversion.Widen(Elements<int>(entry), destination);
        }
    }

    /// <summary>Reads an I32 tensor into a new array.</summary>
    public int[] ReadInt32(string name)
    {
        var values = new int[ArrayLength(this[name])];
        ReadInt32(name, values);
        return values;
    }

    /// <summary>Reads an I32 tensor into <paramref name="destination"/>, whose length must equal the element count.</summary>
    public void ReadInt32(string name, Span<int> destination)
    {
        var entry = Readable(name, destination.Length, "ReadInt32", SafetensorsDType.I32);
        Elements<int>(entry).CopyTo(destination);
    }

    /// <summary>Releases the memory map and the file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }

    private static long CheckHeaderLength(string path, ulong headerLength, long fileLength)
    {
        if (headerLength > SafetensorsSpec.MaxHeaderLength)
        {
            throw new SafetensorsFormatException(path, null,
                $"the header length {headerLength} exceeds the format's limit of {SafetensorsSpec.MaxHeaderLength:N0} bytes "
                + "(the first 8 bytes are not a safetensors header length; is this a safetensors file?).");
        }
        if (headerLength > (ulong)(fileLength - SafetensorsSpec.HeaderLengthSize))
        {
            throw new SafetensorsFormatException(path, null,
                $"the header length {headerLength} runs past the end of the file ({fileLength} bytes); the file is truncated or not safetensors.");
        }
        return (long)headerLength;
    }

    private TensorEntry Readable(string name, int destinationLength, string method, params ReadOnlySpan<SafetensorsDType> accepted)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var entry = this[name];
        if (!accepted.Contains(entry.DType))
        {
            var acceptedNames = string.Join(", ", accepted.ToArray().Select(d => d.SpecName()));
            throw new SafetensorsFormatException(FilePath, name,
                $"is {entry.DType.SpecName()}, but {method} reads only {acceptedNames}; {Suggestion(entry.DType)}");
        }
        if (destinationLength != entry.ElementCount)
        {
            throw new ArgumentException(
                $"Tensor '{name}' in '{FilePath}' has {entry.ElementCount} elements, but the destination holds {destinationLength}.",
                nameof(destinationLength));
        }
        return entry;
    }

    private static string Suggestion(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.F64 => "read it with ReadFloat32.",
        SafetensorsDType.I64 => "read it with ReadInt64.",
        SafetensorsDType.I32 => "read it with ReadInt64 or ReadInt32.",
        _ => "this reader does not convert that type.",
    };

    private int ArrayLength(TensorEntry entry) => entry.ElementCount <= Array.MaxLength
        ? (int)entry.ElementCount
        : throw new SafetensorsFormatException(FilePath, entry.Name,
            $"has {entry.ElementCount} elements, more than one .NET array can hold.");

    private ReadOnlySpan<T> Elements<T>(TensorEntry entry) where T : unmanaged =>
        new(_data + entry.DataBegin, (int)entry.ElementCount); // count already matched a span length

    private SafetensorsFormatException MissingTensor(string name)
    {
        var similar = Tensors
            .OrderByDescending(t => CommonPrefixLength(t.Name, name))
            .Take(5)
            .Select(t => $"'{t.Name}'");
        var listing = Tensors.Count == 0
            ? "the file has no tensors."
            : $"the file has {Tensors.Count} tensors, e.g. {string.Join(", ", similar)}.";
        return new SafetensorsFormatException(FilePath, name, $"no such tensor; {listing}");
    }

    private static int CommonPrefixLength(string a, string b) => a.AsSpan().CommonPrefixLength(b);
}
