namespace CircuitBench.Safetensors.Tests;

/// <summary>Requests that do not fit the file: missing tensors, wrong element types, wrong buffers, disposal.</summary>
public sealed class ReaderUsageTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly SafetensorsFile _file;

    public ReaderUsageTests()
    {
        var writer = new SafetensorsWriter();
        writer.Add("wte", [1f, 2f], [2]);
        writer.Add("h.0.attn.c_attn.weight", [1f], [1], SafetensorsDType.BF16);
        writer.Add("h.0.attn.c_proj.weight", [1f], [1], SafetensorsDType.F16);
        writer.Add("h.0.mlp.c_fc.weight", [1f], [1]);
        writer.Add("h.1.attn.c_attn.weight", [1f], [1]);
        writer.Add("h.1.mlp.c_fc.weight", [1f], [1]);
        writer.Add("ln_f.weight", [1f], [1]);
        writer.Add("ids", [1L, 2L], [2]);
        writer.Add("pos", [1, 2], [2]);
        var path = _folder.File("model.safetensors");
        writer.Write(path);
        _file = SafetensorsFile.Open(path);
    }

    public void Dispose()
    {
        _file.Dispose();
        _folder.Dispose();
    }

    private SafetensorsFormatException Refused(string tensor, Action read)
    {
        var error = Assert.Throws<SafetensorsFormatException>(read);
        Assert.Equal(_file.FilePath, error.FilePath);
        Assert.Equal(tensor, error.TensorName);
        return error;
    }

    [Fact]
    public void Missing_tensor_lists_the_most_similar_names()
    {
        var error = Refused("h.0.attn.bias", () => _file.ReadFloat32("h.0.attn.bias"));
        Assert.Contains("no such tensor; the file has 9 tensors, e.g. 'h.0.attn.c_attn.weight', 'h.0.attn.c_proj.weight', 'h.0.mlp.c_fc.weight', ",
            error.Message, StringComparison.Ordinal);
        Refused("nope", () => _ = _file["nope"]);
    }

    [Fact]
    public void Reading_an_integer_tensor_as_float_is_refused()
    {
        var error = Refused("ids", () => _file.ReadFloat32("ids"));
        Assert.Contains("tensor 'ids': is I64, but ReadFloat32 reads only F32, F16, BF16, F64; read it with ReadInt64.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_a_float_tensor_as_integers_is_refused()
    {
        var error = Refused("h.0.attn.c_attn.weight", () => _file.ReadInt64("h.0.attn.c_attn.weight"));
        Assert.Contains("is BF16, but ReadInt64 reads only I64, I32; read it with ReadFloat32.", error.Message, StringComparison.Ordinal);
        error = Refused("wte", () => _file.ReadInt32("wte", new int[2]));
        Assert.Contains("is F32, but ReadInt32 reads only I32; read it with ReadFloat32.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_I64_as_I32_is_refused_rather_than_truncated()
    {
        var error = Refused("ids", () => _file.ReadInt32("ids"));
        Assert.Contains("is I64, but ReadInt32 reads only I32; read it with ReadInt64.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Destination_of_the_wrong_length_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => _file.ReadFloat32("wte", new float[3]));
        Assert.Contains("Tensor 'wte' in '", error.Message, StringComparison.Ordinal);
        Assert.Contains("has 2 elements, but the destination holds 3.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Types_without_a_conversion_are_listed_but_not_read()
    {
        var header = """{"mask":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}""";
        var path = RawFile.Write(_folder.File("mask.safetensors"), RawFile.Build(header, [1, 0]));
        using var file = SafetensorsFile.Open(path);

        Assert.Equal(SafetensorsDType.U8, file["mask"].DType);
        var error = Assert.Throws<SafetensorsFormatException>(() => file.ReadFloat32("mask"));
        Assert.Contains("is U8, but ReadFloat32 reads only F32, F16, BF16, F64; this reader does not convert that type.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_after_dispose_throw_and_dispose_is_idempotent()
    {
        using var file = SafetensorsFile.Open(_file.FilePath);
        file.Dispose();

        Assert.Throws<ObjectDisposedException>(() => file.ReadFloat32("wte"));
        Assert.Throws<ObjectDisposedException>(() => file.ReadInt64("ids"));
        file.Dispose();
    }

    [Fact]
    public void Map_is_released_on_dispose_so_the_file_can_be_replaced()
    {
        var path = _folder.File("replace.safetensors");
        File.Copy(_file.FilePath, path);
        var file = SafetensorsFile.Open(path);
        Assert.Equal([1f, 2f], file.ReadFloat32("wte"));
        file.Dispose();

        File.WriteAllText(path, "replaced"); // would fail with a sharing violation on Windows if still mapped
        Assert.Equal("replaced", File.ReadAllText(path));
    }
}
