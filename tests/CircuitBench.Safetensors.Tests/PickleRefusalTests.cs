namespace CircuitBench.Safetensors.Tests;

public sealed class PickleRefusalTests : IDisposable
{
    private const string Explanation = "Pickle files can run arbitrary code when loaded, so CircuitBench never opens them.";
    private const string Conversion = "save_file(torch.load(p, weights_only=True), \"model.safetensors\")";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static byte[] ValidSafetensors()
    {
        var writer = new SafetensorsWriter();
        writer.Add("x", [1f], [1]);
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        return stream.ToArray();
    }

    private SafetensorsFormatException Refused(string name, byte[] bytes)
    {
        var path = RawFile.Write(_folder.File(name), bytes);
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path).Dispose());
        Assert.Equal(path, error.FilePath);
        Assert.Contains(Explanation, error.Message, StringComparison.Ordinal);
        Assert.Contains(Conversion, error.Message, StringComparison.Ordinal);
        return error;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(5)]
    public void Pickle_protocol_header_is_refused(byte protocol)
    {
        // PROTO n, EMPTY_DICT, BINPUT 0, MARK, ... as pickle.dumps writes it.
        byte[] pickle = [0x80, protocol, 0x7D, 0x71, 0x00, 0x28, 0x58, 0x01, 0x00, 0x00, 0x00, 0x61, 0x2E];
        var error = Refused("model.safetensors", pickle);
        Assert.Contains($"refused: the file starts like a Python pickle (protocol {protocol})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pickle_shorter_than_the_header_length_is_refused_as_a_pickle()
    {
        var error = Refused("tiny.safetensors", [0x80, 0x02, 0x4E, 0x2E]); // pickle.dumps(None, 2)
        Assert.Contains("starts like a Python pickle (protocol 2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zip_archive_as_torch_save_writes_is_refused()
    {
        byte[] zip = [(byte)'P', (byte)'K', 3, 4, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var error = Refused("model.safetensors", zip);
        Assert.Contains("refused: the file is a zip archive, as torch.save writes (a pickle inside).", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pytorch_model.bin")]
    [InlineData("model.pt")]
    [InlineData("model.pth")]
    [InlineData("last.ckpt")]
    [InlineData("state.pkl")]
    [InlineData("MODEL.PT")]
    public void Pickle_extensions_are_refused_even_with_safetensors_content(string name)
    {
        var error = Refused(name, ValidSafetensors());
        Assert.Contains($"refused: the extension '{Path.GetExtension(name)}' is used by PyTorch pickle checkpoints.", error.Message, StringComparison.Ordinal);
        Assert.Contains("If the file really is safetensors, give it the .safetensors extension.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x280)] // starts 80 02 .. like pickle protocol 2
    [InlineData(0x580)] // starts 80 05 .. like pickle protocol 5
    public void Safetensors_whose_header_length_looks_like_a_pickle_opcode_is_read(int headerLength)
    {
        var header = """{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""";
        var bytes = RawFile.Build(header, [0, 0, 0x80, 0x3F], padTo: headerLength);
        Assert.Equal([0x80, (byte)(headerLength >> 8)], bytes[..2]);
        var path = RawFile.Write(_folder.File("model.safetensors"), bytes);

        using var file = SafetensorsFile.Open(path);

        Assert.Equal([1f], file.ReadFloat32("x"));
    }
}
