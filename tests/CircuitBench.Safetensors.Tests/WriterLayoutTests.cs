using System.Text;

namespace CircuitBench.Safetensors.Tests;

public sealed class WriterLayoutTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static byte[] Bytes(SafetensorsWriter writer)
    {
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        return stream.ToArray();
    }

    private static SafetensorsWriter Sample(bool reversed)
    {
        var writer = new SafetensorsWriter();
        var adds = new List<Action>
        {
            () => writer.Add("wte", [0.5f, -1f, 2f, 4f], [2, 2]),
            () => writer.Add("ln.w", [1f, 1f], [2], SafetensorsDType.BF16),
            () => writer.Add("ids", [1L, 2L, 3L], [3]),
            () => writer.Add("pos", [0, 1], [2]),
            () => writer.Add("h", [0.25f], [1], SafetensorsDType.F16),
            () => writer.Metadata["format"] = "pt",
            () => writer.Metadata["arch"] = "gpt2",
        };
        if (reversed)
        {
            adds.Reverse();
        }
        adds.ForEach(add => add());
        return writer;
    }

    [Fact]
    public void Same_inputs_give_the_same_bytes_whatever_the_insertion_order()
    {
        var first = Bytes(Sample(reversed: false));
        Assert.Equal(first, Bytes(Sample(reversed: false)));
        Assert.Equal(first, Bytes(Sample(reversed: true)));

        var path = _folder.File("a.safetensors");
        Sample(reversed: true).Write(path);
        Assert.Equal(first, File.ReadAllBytes(path));
    }

    [Fact]
    public void Exact_bytes_of_a_small_file()
    {
        var writer = new SafetensorsWriter();
        writer.Metadata["k"] = "v";
        writer.Add("x", [1f], []);

        const string json = """{"__metadata__":{"k":"v"},"x":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}""";
        var padded = json + new string(' ', 8 - json.Length % 8);
        var expected = new List<byte>();
        expected.AddRange(BitConverter.GetBytes((ulong)padded.Length));
        expected.AddRange(Encoding.UTF8.GetBytes(padded));
        expected.AddRange([0x00, 0x00, 0x80, 0x3F]); // 1.0f little-endian

        Assert.Equal(expected, Bytes(writer));
    }

    [Fact]
    public void Header_is_padded_with_spaces_so_the_data_starts_at_a_multiple_of_8()
    {
        for (var nameLength = 1; nameLength <= 9; nameLength++)
        {
            var writer = new SafetensorsWriter();
            writer.Add(new string('n', nameLength), [1f], [1]);
            var bytes = Bytes(writer);
            var header = RawFile.HeaderText(bytes);

            Assert.Equal(0, (8 + header.Length) % 8);
            Assert.StartsWith("{", header, StringComparison.Ordinal);
            Assert.EndsWith("}", header.TrimEnd(' '), StringComparison.Ordinal);
            Assert.True(header.Length - header.TrimEnd(' ').Length < 8);
        }
    }

    [Fact]
    public void Tensors_are_laid_out_from_0_by_element_size_then_name()
    {
        using var stream = new MemoryStream();
        Sample(reversed: false).WriteTo(stream);
        var path = RawFile.Write(_folder.File("layout.safetensors"), stream.ToArray());

        using var file = SafetensorsFile.Open(path);

        Assert.Equal(["ids", "pos", "wte", "h", "ln.w"], file.Tensors.Select(t => t.Name));
        Assert.Equal(0, file.Tensors[0].DataBegin);
        Assert.All(file.Tensors, t => Assert.Equal(0, t.DataBegin % t.DType.ElementSize()));
    }

    [Fact]
    public void Write_replaces_an_existing_file_and_leaves_no_temporary_file()
    {
        var path = _folder.File("model.safetensors");
        File.WriteAllText(path, "old contents");

        Sample(reversed: false).Write(path);

        Assert.Equal(Bytes(Sample(reversed: false)), File.ReadAllBytes(path));
        Assert.Equal(["model.safetensors"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failed_atomic_write_keeps_the_old_file_and_removes_the_temporary_one()
    {
        var path = _folder.File("model.safetensors");
        File.WriteAllText(path, "old contents");

        var error = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[4096]);
            throw new IOException("disk full (simulated)");
        }));

        Assert.Equal("disk full (simulated)", error.Message);
        Assert.Equal("old contents", File.ReadAllText(path));
        Assert.Equal(["model.safetensors"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Writer_rejects_bad_arguments()
    {
        var writer = new SafetensorsWriter();
        writer.Add("x", [1f], [1]);

        Assert.Contains("already added", Assert.Throws<ArgumentException>(() => writer.Add("x", [1L], [1])).Message, StringComparison.Ordinal);
        Assert.Contains("reserved", Assert.Throws<ArgumentException>(() => writer.Add("__metadata__", [1f], [1])).Message, StringComparison.Ordinal);
        Assert.Contains("has 6 elements, but 5 values", Assert.Throws<ArgumentException>(() => writer.Add("y", new float[5], [2, 3])).Message, StringComparison.Ordinal);
        Assert.Contains("negative dimension", Assert.Throws<ArgumentException>(() => writer.Add("y", new float[2], [-1, -2])).Message, StringComparison.Ordinal);
        Assert.Contains("not I64", Assert.Throws<ArgumentException>(() => writer.Add("y", [1f], [1], SafetensorsDType.I64)).Message, StringComparison.Ordinal);
        writer.Metadata["bad"] = null!;
        Assert.Contains("'bad' has a null value", Assert.Throws<InvalidOperationException>(() => writer.WriteTo(Stream.Null)).Message, StringComparison.Ordinal);
    }
}
