using System.Text;

namespace CircuitBench.Safetensors.Tests;

/// <summary>One test per rule of the spec: each broken file gives its own specific message.</summary>
public sealed class FormatViolationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private SafetensorsFormatException Refused(byte[] bytes, string? tensor = null)
    {
        var path = RawFile.Write(_folder.File("broken.safetensors"), bytes);
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path).Dispose());
        Assert.Equal(path, error.FilePath);
        Assert.Equal(tensor, error.TensorName);
        Assert.StartsWith(tensor is null ? $"Safetensors file '{path}': " : $"Safetensors file '{path}', tensor '{tensor}': ", error.Message, StringComparison.Ordinal);
        return error;
    }

    private SafetensorsFormatException Refused(string header, byte[] data, string? tensor = null) =>
        Refused(RawFile.Build(header, data), tensor);

    private static string Entry(string dtype, string shape, string offsets) =>
        $$"""{"dtype":"{{dtype}}","shape":{{shape}},"data_offsets":{{offsets}}}""";

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void File_shorter_than_8_bytes(int length)
    {
        var error = Refused(new byte[length]);
        Assert.Contains($"the file has {length} bytes, fewer than the 8-byte header length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_length_over_100_MB()
    {
        var error = Refused(RawFile.Build("{}", [], headerLength: 100_000_001));
        Assert.Contains("the header length 100000001 exceeds the format's limit of 100,000,000 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_length_past_the_end_of_the_file()
    {
        var error = Refused(RawFile.Build("{}      ", [], headerLength: 9));
        Assert.Contains("the header length 9 runs past the end of the file (16 bytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_not_valid_UTF8()
    {
        var header = Encoding.UTF8.GetBytes("""{"a":1}""");
        header[2] = 0xFF;
        var error = Refused(RawFile.Build(header, []));
        Assert.Contains("the header is not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"a": }""")]
    [InlineData("""{"a":{}""")]
    [InlineData("""{"a":{}} x""")]
    [InlineData("{\"a\":{}}\0\0\0")]
    public void Header_not_valid_JSON(string header)
    {
        var error = Refused(header, []);
        Assert.Contains("the header is not valid JSON (line 1, byte", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "byte 0x5B")]
    [InlineData(" {}", "byte 0x20")]
    [InlineData("\"x\"", "byte 0x22")]
    [InlineData("", "an empty header")]
    public void Header_not_an_object_starting_with_a_brace(string header, string found)
    {
        var error = Refused(header, []);
        Assert.Contains($"the header must be a JSON object starting with '{{' right after the 8-byte length, but found {found}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"__metadata__":[1]}""", "but is a JSON array")]
    [InlineData("""{"__metadata__":"x"}""", "but is a JSON string")]
    [InlineData("""{"__metadata__":{"n":1}}""", "but key 'n' holds a JSON number")]
    [InlineData("""{"__metadata__":{"n":null}}""", "but key 'n' holds a JSON null")]
    public void Metadata_not_a_string_map(string header, string detail)
    {
        var error = Refused(header, []);
        Assert.Contains($"'__metadata__' must be a map of string to string, {detail}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_twice_or_with_a_repeated_key()
    {
        Assert.Contains("the header has more than one '__metadata__'",
            Refused("""{"__metadata__":{},"__metadata__":{}}""", []).Message, StringComparison.Ordinal);
        Assert.Contains("'__metadata__' has the key 'k' more than once",
            Refused("""{"__metadata__":{"k":"a","k":"b"}}""", []).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"F12\"", "unknown dtype 'F12'")]
    [InlineData("\"f32\"", "unknown dtype 'f32'")]
    [InlineData("4", "unknown dtype 4")]
    public void Unknown_dtype(string dtype, string detail)
    {
        var header = $$$"""{"w":{"dtype":{{{dtype}}},"shape":[1],"data_offsets":[0,4]}}""";
        var error = Refused(header, new byte[4], tensor: "w");
        Assert.Contains($"{detail}; expected one of BOOL, U8, I8, F8_E5M2, F8_E4M3, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[-1]")]
    [InlineData("[1.5]")]
    [InlineData("[2,\"a\"]")]
    [InlineData("\"3\"")]
    [InlineData("null")]
    [InlineData("[18446744073709551616]")]
    public void Shape_not_a_list_of_non_negative_integers(string shape)
    {
        var error = Refused($$"""{"w":{{Entry("F32", shape, "[0,4]")}}}""", new byte[4], tensor: "w");
        Assert.Contains($"shape must be a list of non-negative integers, but is {shape}.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[0]")]
    [InlineData("[0,4,8]")]
    [InlineData("[0,-4]")]
    [InlineData("{\"begin\":0}")]
    public void Data_offsets_not_a_pair_of_non_negative_integers(string offsets)
    {
        var error = Refused($$"""{"w":{{Entry("F32", "[1]", offsets)}}}""", new byte[4], tensor: "w");
        Assert.Contains($"data_offsets must be [begin, end] with two non-negative integers, but is {offsets}.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_offsets_ending_before_they_begin()
    {
        var error = Refused($$"""{"w":{{Entry("F32", "[0]", "[4,0]")}}}""", new byte[4], tensor: "w");
        Assert.Contains("data_offsets [4, 0] end before they begin; begin must be ≤ end.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Entry_with_a_missing_repeated_or_unexpected_key()
    {
        Assert.Contains("the header entry has no \"shape\"",
            Refused("""{"w":{"dtype":"F32","data_offsets":[0,4]}}""", new byte[4], "w").Message, StringComparison.Ordinal);
        Assert.Contains("the header entry has \"dtype\" 2 times",
            Refused("""{"w":{"dtype":"F32","dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", new byte[4], "w").Message, StringComparison.Ordinal);
        Assert.Contains("unexpected key 'offsets' in the header entry",
            Refused("""{"w":{"dtype":"F32","shape":[1],"offsets":[0,4]}}""", new byte[4], "w").Message, StringComparison.Ordinal);
        Assert.Contains("the header entry must be an object",
            Refused("""{"w":[0,4]}""", new byte[4], "w").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Byte_size_not_shape_times_dtype_size()
    {
        var error = Refused($$"""{"w":{{Entry("F32", "[2,3]", "[0,20]")}}}""", new byte[20], tensor: "w");
        Assert.Contains("data_offsets [0, 20] span 20 bytes, but shape [2, 3] of F32 needs 6 × 4 bytes.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shape_whose_element_count_overflows()
    {
        var error = Refused($$"""{"w":{{Entry("F32", "[4294967296,4294967296]", "[0,4]")}}}""", new byte[4], tensor: "w");
        Assert.Contains("shape [4294967296, 4294967296] has more elements than a 64-bit count can hold.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shape_with_a_zero_is_empty_even_when_the_other_dimensions_would_overflow()
    {
        var header = $$"""{"w":{{Entry("F32", "[4294967296,4294967296,0]", "[0,0]")}}}""";
        var path = RawFile.Write(_folder.File("empty.safetensors"), RawFile.Build(header, []));

        using var file = SafetensorsFile.Open(path);

        Assert.Equal(0, file["w"].ElementCount);
        Assert.Empty(file.ReadFloat32("w"));
    }

    [Fact]
    public void Offsets_with_a_hole()
    {
        var header = $$"""{"a":{{Entry("F32", "[1]", "[0,4]")}},"b":{{Entry("F32", "[1]", "[8,12]")}}}""";
        var error = Refused(header, new byte[12], tensor: "b");
        Assert.Contains("data_offsets [8, 12] leaves a hole: the previous tensor 'a' ends at 4. Tensors must be contiguous from 0, without holes or overlaps.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_not_starting_at_0()
    {
        var error = Refused($$"""{"a":{{Entry("F32", "[1]", "[4,8]")}}}""", new byte[8], tensor: "a");
        Assert.Contains("data_offsets [4, 8] leaves a hole: the data section starts at 0.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_overlapping_after_sorting_by_begin()
    {
        // Listed out of order on purpose: the check sorts by begin first.
        var header = $$"""{"b":{{Entry("F32", "[1]", "[4,8]")}},"a":{{Entry("F32", "[2]", "[0,8]")}}}""";
        var error = Refused(header, new byte[8], tensor: "b");
        Assert.Contains("data_offsets [4, 8] overlaps: the previous tensor 'a' ends at 8.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, "the data section holds 3 bytes, but the tensors end at 4")]
    [InlineData(5, "the data section holds 5 bytes, but the tensors end at 4")]
    public void Data_section_length_not_the_last_end(int dataLength, string detail)
    {
        var error = Refused($$"""{"a":{{Entry("F32", "[1]", "[0,4]")}}}""", new byte[dataLength]);
        Assert.Contains(detail + "; the file length must be exactly 8 + header length + the last data_offsets end", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_tensor_names()
    {
        var header = $$"""{"a":{{Entry("F32", "[1]", "[0,4]")}},"a":{{Entry("F32", "[1]", "[4,8]")}}}""";
        var error = Refused(header, new byte[8], tensor: "a");
        Assert.Contains("the name appears more than once in the header; tensor names must be unique.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_hand_built_file_with_padding_and_empty_tensors_opens()
    {
        // Guards the tests above: the same construction, done right, is accepted.
        // The empty tensor shares its begin with 'a' and comes after it in the header: file order puts it first.
        var header = $$"""{"a":{{Entry("F32", "[1]", "[0,4]")}},"e":{{Entry("F32", "[0]", "[0,0]")}},"z":{{Entry("BOOL", "[2]", "[4,6]")}}}""";
        var path = RawFile.Write(_folder.File("ok.safetensors"), RawFile.Build(header, [0, 0, 0x80, 0x3F, 1, 0], padTo: 256));

        using var file = SafetensorsFile.Open(path);

        Assert.Equal(["e", "a", "z"], file.Tensors.Select(t => t.Name));
        Assert.Equal([1f], file.ReadFloat32("a"));
        Assert.Equal(SafetensorsDType.Bool, file["z"].DType);
    }
}
