namespace CircuitBench.Safetensors.Tests;

/// <summary>
/// Reads Fixtures/reference.safetensors, written by tools/reference/make_safetensors_fixture.py with
/// Python's struct and json only, independently of our writer. Expected values are the script's.
/// </summary>
public sealed class ReferenceFixtureTests : IDisposable
{
    private readonly SafetensorsFile _file =
        SafetensorsFile.Open(Path.Combine(AppContext.BaseDirectory, "Fixtures", "reference.safetensors"));

    public void Dispose() => _file.Dispose();

    [Fact]
    public void Table_is_in_file_order_although_the_header_keys_are_sorted()
    {
        Assert.Equal(["embed.weight", "ids", "half", "bf16", "empty", "pos", "double", "scalar"], _file.Tensors.Select(t => t.Name));
        Assert.Equal(
            ["embed.weight: F32 [2, 3] @ 0..24", "ids: I64 [2, 2] @ 24..56", "half: F16 [5] @ 56..66", "bf16: BF16 [3] @ 66..72",
             "empty: F32 [0, 4] @ 72..72", "pos: I32 [3] @ 72..84", "double: F64 [2] @ 84..100", "scalar: F32 [] @ 100..104"],
            _file.Tensors.Select(t => t.ToString()));
    }

    [Fact]
    public void Metadata_is_read()
    {
        Assert.Equal(2, _file.Metadata.Count);
        Assert.Equal("pt", _file.Metadata["format"]);
        Assert.Equal("make_safetensors_fixture.py", _file.Metadata["source"]);
    }

    [Fact]
    public void Values_are_read_exactly()
    {
        Assert.Equal([0.5f, -1.25f, 3f, 0.1f, -0f, 1e-3f], _file.ReadFloat32("embed.weight"));
        Assert.True(float.IsNegative(_file.ReadFloat32("embed.weight")[4]));
        Assert.Equal([0L, -1L, 1L << 40, 50256L], _file.ReadInt64("ids"));
        Assert.Equal([1f, -2.5f, 65504f, 5.9604645e-8f, float.PositiveInfinity], _file.ReadFloat32("half"));
        Assert.Equal([1f, -2.5f, 3.140625f], _file.ReadFloat32("bf16"));
        Assert.Empty(_file.ReadFloat32("empty"));
        Assert.Equal([0, 1, -7], _file.ReadInt32("pos"));
        Assert.Equal([0L, 1L, -7L], _file.ReadInt64("pos"));
        Assert.Equal([0.1f, 2.5f], _file.ReadFloat32("double"));
        Assert.Equal([42f], _file.ReadFloat32("scalar"));
    }
}
