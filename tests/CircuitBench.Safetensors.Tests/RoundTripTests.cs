namespace CircuitBench.Safetensors.Tests;

public sealed class RoundTripTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private SafetensorsFile WriteAndOpen(SafetensorsWriter writer)
    {
        var path = _folder.File("model.safetensors");
        writer.Write(path);
        return SafetensorsFile.Open(path);
    }

    [Fact]
    public void F32_round_trips_bit_for_bit_including_special_values()
    {
        float[] values = [1f, -2.5f, float.Epsilon, float.MaxValue, float.MinValue, float.PositiveInfinity,
            float.NegativeInfinity, float.NaN, -0f, 1e-40f, 0.1f, 123456.789f];
        var writer = new SafetensorsWriter();
        writer.Add("w", values, [3, 4]);

        using var file = WriteAndOpen(writer);

        var read = file.ReadFloat32("w");
        Assert.Equal(values.Select(BitConverter.SingleToUInt32Bits), read.Select(BitConverter.SingleToUInt32Bits));
        var entry = file["w"];
        Assert.Equal(SafetensorsDType.F32, entry.DType);
        Assert.Equal([3L, 4L], entry.Shape);
        Assert.Equal(12, entry.ElementCount);
        Assert.Equal(48, entry.ByteLength);
    }

    [Fact]
    public void F16_round_trips_values_that_half_precision_holds()
    {
        // Each value is exactly representable in IEEE half.
        float[] values = [1f, -2.5f, 65504f, -65504f, 5.9604645e-8f /* 2^-24 */, 6.1035156e-5f /* 2^-14 */,
            float.PositiveInfinity, float.NegativeInfinity, 0.333251953125f, -0f];
        var writer = new SafetensorsWriter();
        writer.Add("h", values, [values.Length], SafetensorsDType.F16);

        using var file = WriteAndOpen(writer);

        Assert.Equal(SafetensorsDType.F16, file["h"].DType);
        Assert.Equal(2L * values.Length, file["h"].ByteLength);
        var read = file.ReadFloat32("h");
        Assert.Equal(values.Select(BitConverter.SingleToUInt32Bits), read.Select(BitConverter.SingleToUInt32Bits));
    }

    [Fact]
    public void BF16_round_trips_values_that_bfloat16_holds()
    {
        // Each value has at most 8 significant bits, so bfloat16 holds it exactly.
        float[] values = [1f, -2.5f, 3.140625f, 3.3895314e38f /* BF16 max */, 9.18355e-41f /* 2^-133 */,
            float.PositiveInfinity, -0f, -0.0078125f /* -2^-7 */];
        var writer = new SafetensorsWriter();
        writer.Add("b", values, [2, 4], SafetensorsDType.BF16);

        using var file = WriteAndOpen(writer);

        Assert.Equal(SafetensorsDType.BF16, file["b"].DType);
        var read = file.ReadFloat32("b");
        Assert.Equal(values.Select(BitConverter.SingleToUInt32Bits), read.Select(BitConverter.SingleToUInt32Bits));
        Assert.True(float.IsNaN(WriteAndReadOne(float.NaN, SafetensorsDType.BF16)));
        Assert.True(float.IsNaN(WriteAndReadOne(float.NaN, SafetensorsDType.F16)));
    }

    private float WriteAndReadOne(float value, SafetensorsDType dtype)
    {
        var writer = new SafetensorsWriter();
        writer.Add("x", [value], [], dtype);
        using var file = WriteAndOpen(writer);
        return file.ReadFloat32("x")[0];
    }

    [Fact]
    public void I64_and_I32_round_trip()
    {
        long[] ids = [0, -1, long.MinValue, long.MaxValue, 50256, 1L << 40];
        int[] positions = [0, 1, int.MinValue, int.MaxValue, -7, 1023];
        var writer = new SafetensorsWriter();
        writer.Add("ids", ids, [2, 3]);
        writer.Add("pos", positions, [6]);

        using var file = WriteAndOpen(writer);

        Assert.Equal(SafetensorsDType.I64, file["ids"].DType);
        Assert.Equal(SafetensorsDType.I32, file["pos"].DType);
        Assert.Equal(ids, file.ReadInt64("ids"));
        Assert.Equal(positions, file.ReadInt32("pos"));
        Assert.Equal(positions.Select(p => (long)p), file.ReadInt64("pos"));
    }

    [Fact]
    public void Reads_into_a_callers_span()
    {
        var writer = new SafetensorsWriter();
        writer.Add("w", [1f, 2f, 3f], [3], SafetensorsDType.BF16);
        writer.Add("ids", [4L, 5L], [2]);
        writer.Add("pos", [6, 7], [2]);
        using var file = WriteAndOpen(writer);

        var buffer = new float[5];
        file.ReadFloat32("w", buffer.AsSpan(1, 3));
        var ids = new long[2];
        file.ReadInt64("ids", ids);
        var pos = new int[2];
        file.ReadInt32("pos", pos);

        Assert.Equal([0f, 1f, 2f, 3f, 0f], buffer);
        Assert.Equal([4L, 5L], ids);
        Assert.Equal([6, 7], pos);
    }

    [Fact]
    public void Metadata_round_trips_including_unicode_and_escapes()
    {
        var writer = new SafetensorsWriter();
        writer.Metadata["format"] = "pt";
        writer.Metadata["note"] = "quote \" backslash \\ newline \n tab \t";
        writer.Metadata["名前"] = "gpt2-小";
        writer.Metadata["empty"] = "";
        writer.Add("x", [1f], [1]);

        using var file = WriteAndOpen(writer);

        Assert.Equal(4, file.Metadata.Count);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal("quote \" backslash \\ newline \n tab \t", file.Metadata["note"]);
        Assert.Equal("gpt2-小", file.Metadata["名前"]);
        Assert.Equal("", file.Metadata["empty"]);
    }

    [Fact]
    public void File_without_metadata_has_an_empty_map_and_no_metadata_key()
    {
        var writer = new SafetensorsWriter();
        writer.Add("x", [1f], [1]);
        var path = _folder.File("plain.safetensors");
        writer.Write(path);

        using var file = SafetensorsFile.Open(path);

        Assert.Empty(file.Metadata);
        Assert.DoesNotContain("__metadata__", RawFile.HeaderText(File.ReadAllBytes(path)), StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_tensor_and_scalar_round_trip()
    {
        var writer = new SafetensorsWriter();
        writer.Add("empty", ReadOnlySpan<float>.Empty, [3, 0, 2]);
        writer.Add("empty_ids", ReadOnlySpan<long>.Empty, [0]);
        writer.Add("scalar", [42.5f], []);
        writer.Add("scalar_id", [7L], []);

        using var file = WriteAndOpen(writer);

        Assert.Equal([3L, 0L, 2L], file["empty"].Shape);
        Assert.Equal(0, file["empty"].ElementCount);
        Assert.Equal(0, file["empty"].ByteLength);
        Assert.Empty(file.ReadFloat32("empty"));
        Assert.Empty(file.ReadInt64("empty_ids"));
        Assert.Empty(file["scalar"].Shape);
        Assert.Equal(1, file["scalar"].ElementCount);
        Assert.Equal([42.5f], file.ReadFloat32("scalar"));
        Assert.Equal([7L], file.ReadInt64("scalar_id"));
    }

    [Fact]
    public void Table_lists_tensors_in_file_order_with_contiguous_offsets()
    {
        var writer = new SafetensorsWriter();
        writer.Add("b", [1f, 2f], [2], SafetensorsDType.F16);
        writer.Add("a", [1f, 2f], [2]);
        writer.Add("c", [1L], [1]);

        using var file = WriteAndOpen(writer);

        Assert.Equal(["c", "a", "b"], file.Tensors.Select(t => t.Name));
        Assert.Equal([(0L, 8L), (8L, 16L), (16L, 20L)], file.Tensors.Select(t => (t.DataBegin, t.DataEnd)));
        Assert.True(file.TryGetTensor("a", out var a));
        Assert.Equal("a: F32 [2] @ 8..16", a.ToString());
        Assert.False(file.TryGetTensor("z", out _));
    }

    [Fact]
    public void Tensor_names_with_unicode_and_quotes_round_trip()
    {
        var writer = new SafetensorsWriter();
        writer.Add("блок.0\"q\"", [1f], [1]);

        using var file = WriteAndOpen(writer);

        Assert.Equal("блок.0\"q\"", Assert.Single(file.Tensors).Name);
    }
}
