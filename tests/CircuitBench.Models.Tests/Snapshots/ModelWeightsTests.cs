using CircuitBench.Models.Loading;
using CircuitBench.Models.Snapshots;
using CircuitBench.Safetensors;

namespace CircuitBench.Models.Tests.Snapshots;

public sealed class ModelWeightsTests : IDisposable
{
    private readonly Scratch _scratch = new();
    private readonly SnapshotResolver _resolver;

    public ModelWeightsTests() => _resolver = new SnapshotResolver(new HubCache(_scratch.Folder("hub"), "test"));

    public void Dispose() => _scratch.Dispose();

    private ModelWeights Open(string folder, Func<string, string>? normalize = null) => ModelWeights.Open(_resolver.Resolve(folder), normalize);

    [Theory]
    [InlineData("")]
    [InlineData("transformer.")]
    public void GPT2_names_are_found_with_or_without_the_transformer_prefix(string prefix)
    {
        var folder = FakeSnapshots.WriteFolder(Path.Combine(_scratch.Root, "m"), prefix);
        using var weights = Open(folder, Gpt2WeightNames.Normalize);

        Assert.Equal(FakeSnapshots.Shapes.Keys.Order(StringComparer.Ordinal), weights.Names);
        Assert.Equal(FakeSnapshots.Values("wte.weight"), weights.ReadFloat32("wte.weight", [11, 8]));
        var location = weights.Locate("h.0.attn.c_attn.bias");
        Assert.Equal((prefix + "h.0.attn.c_attn.bias", Path.Combine(folder, "model.safetensors")), (location.Tensor.Name, location.FilePath));
    }

    [Fact]
    public void Reads_into_a_caller_span()
    {
        using var weights = Open(FakeSnapshots.WriteFolder(Path.Combine(_scratch.Root, "m")));
        var buffer = new float[24 + 2];
        weights.ReadFloat32("h.0.attn.c_attn.bias", [24], buffer.AsSpan(1, 24));
        Assert.Equal([0f, .. FakeSnapshots.Values("h.0.attn.c_attn.bias"), 0f], buffer);
    }

    [Fact]
    public void Half_precision_weights_are_widened_to_float32()
    {
        var folder = _scratch.Folder("half");
        var writer = new SafetensorsWriter();
        writer.Add("ln_f.weight", [0.5f, -2f, 1024f], [3], SafetensorsDType.F16);
        writer.Write(Path.Combine(folder, "model.safetensors"));
        File.WriteAllText(Path.Combine(folder, "config.json"), ModelConfigJson.ToJson(FakeSnapshots.Config));

        using var weights = Open(folder);
        Assert.Equal([0.5f, -2f, 1024f], weights.ReadFloat32("ln_f.weight", [3]));
    }

    [Fact]
    public void A_shape_mismatch_names_the_weight_the_expected_and_the_found_shape()
    {
        var folder = FakeSnapshots.WriteFolder(Path.Combine(_scratch.Root, "m"));
        using var weights = Open(folder);
        var error = Assert.Throws<SnapshotException>(() => weights.ReadFloat32("wte.weight", [50257, 8]));
        Assert.Contains($"Weight 'wte.weight' in '{Path.Combine(folder, "model.safetensors")}': expected shape [50257, 8], found [11, 8].", error.Message, StringComparison.Ordinal);
        Assert.Throws<SnapshotException>(() => weights.ReadFloat32("wte.weight", [88], new float[88]));
    }

    [Fact]
    public void An_unknown_name_lists_similar_names()
    {
        using var weights = Open(FakeSnapshots.WriteFolder(Path.Combine(_scratch.Root, "m")));
        var error = Assert.Throws<SnapshotException>(() => weights.Locate("h.0.attn.c_attn.wieght"));
        Assert.Contains("No weight named 'h.0.attn.c_attn.wieght' among the model's 5 weights (e.g. 'h.0.attn.c_attn.weight', 'h.0.attn.c_attn.bias'", error.Message, StringComparison.Ordinal);
        Assert.False(weights.Contains("h.0.attn.c_attn.wieght"));
    }

    [Fact]
    public void Two_names_normalising_to_one_are_refused()
    {
        var folder = _scratch.Folder("both");
        var writer = new SafetensorsWriter();
        writer.Add("wte.weight", [1f], [1]);
        writer.Add("transformer.wte.weight", [2f], [1]);
        writer.Write(Path.Combine(folder, "model.safetensors"));
        File.WriteAllText(Path.Combine(folder, "config.json"), ModelConfigJson.ToJson(FakeSnapshots.Config));

        var error = Assert.Throws<SnapshotException>(() => Open(folder, Gpt2WeightNames.Normalize));
        Assert.Contains("Weight 'wte.weight' is stored twice: as 'transformer.wte.weight'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_consistent_sharded_checkpoint_opens_as_one_map()
    {
        var folder = FakeSnapshots.WriteSharded(Path.Combine(_scratch.Root, "sharded"));
        using var weights = Open(folder);
        Assert.Equal(FakeSnapshots.Shapes.Keys.Order(StringComparer.Ordinal), weights.Names);
        Assert.Equal(Path.Combine(folder, "model-00002-of-00002.safetensors"), weights.Locate("ln_f.weight").FilePath);
        Assert.Equal(FakeSnapshots.Values("ln_f.weight"), weights.ReadFloat32("ln_f.weight", [8]));
    }

    [Fact]
    public void A_tensor_missing_from_the_weight_map_is_refused()
    {
        var folder = FakeSnapshots.WriteSharded(Path.Combine(_scratch.Root, "sharded"));
        var (first, second) = FakeSnapshots.Split();
        FakeSnapshots.WriteIndex(folder, [.. first.Skip(1).Select(n => (n, "model-00001-of-00002.safetensors")), .. second.Select(n => (n, "model-00002-of-00002.safetensors"))]);

        var error = Assert.Throws<SnapshotException>(() => Open(folder));
        Assert.Contains($"tensor '{first[0]}' of shard 'model-00001-of-00002.safetensors' is missing from 'weight_map'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tensor_stored_in_two_shards_is_refused()
    {
        var folder = FakeSnapshots.WriteSharded(Path.Combine(_scratch.Root, "sharded"));
        var (first, second) = FakeSnapshots.Split();
        FakeSnapshots.WriteShard(Path.Combine(folder, "model-00002-of-00002.safetensors"), [.. second, first[0]]);

        var error = Assert.Throws<SnapshotException>(() => Open(folder));
        Assert.Contains($"'weight_map' maps tensor '{first[0]}' to 'model-00001-of-00002.safetensors', yet shard 'model-00002-of-00002.safetensors' stores it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mapped_tensor_absent_from_its_shard_is_refused()
    {
        var folder = FakeSnapshots.WriteSharded(Path.Combine(_scratch.Root, "sharded"));
        var (first, second) = FakeSnapshots.Split();
        FakeSnapshots.WriteIndex(folder, [.. first.Select(n => (n, "model-00001-of-00002.safetensors")), .. second.Select(n => (n, "model-00002-of-00002.safetensors")), ("lm_head.weight", "model-00002-of-00002.safetensors")]);

        var error = Assert.Throws<SnapshotException>(() => Open(folder));
        Assert.Contains("'weight_map' maps tensor 'lm_head.weight' to 'model-00002-of-00002.safetensors', which does not store it.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tensor_listed_twice_in_the_weight_map_is_refused()
    {
        var folder = FakeSnapshots.WriteSharded(Path.Combine(_scratch.Root, "sharded"));
        var (first, second) = FakeSnapshots.Split();
        FakeSnapshots.WriteIndex(folder, [.. first.Select(n => (n, "model-00001-of-00002.safetensors")), .. second.Select(n => (n, "model-00002-of-00002.safetensors")), (first[0], "model-00002-of-00002.safetensors")]);

        var error = Assert.Throws<SnapshotException>(() => _resolver.Resolve(folder));
        Assert.Contains($"field 'weight_map.{first[0]}' appears twice", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("transformer.h.0.attn.c_attn.weight", "h.0.attn.c_attn.weight")]
    [InlineData("h.0.attn.c_attn.weight", "h.0.attn.c_attn.weight")]
    [InlineData("transformer.wte.weight", "wte.weight")]
    [InlineData("lm_head.weight", "lm_head.weight")]
    public void Gpt2_names_drop_the_transformer_prefix(string stored, string normalized) =>
        Assert.Equal(normalized, Gpt2WeightNames.Normalize(stored));

    [Theory]
    [InlineData("h.0.attn.bias", true)]
    [InlineData("h.11.attn.masked_bias", true)]
    [InlineData("h.0.attn.c_attn.bias", false)]
    [InlineData("h.0.attn.c_proj.bias", false)]
    [InlineData("transformer.h.0.attn.bias", false)]
    public void Causal_mask_buffers_are_recognised(string name, bool isBuffer) =>
        Assert.Equal(isBuffer, Gpt2WeightNames.IsAttentionMaskBuffer(name));
}
