using CircuitBench.Models.Snapshots;

namespace CircuitBench.Models.Tests.Snapshots;

public sealed class PickleRefusalTests : IDisposable
{
    private readonly Scratch _scratch = new();
    private readonly SnapshotResolver _resolver;

    public PickleRefusalTests() => _resolver = new SnapshotResolver(new HubCache(_scratch.Folder("hub"), "test"));

    public void Dispose() => _scratch.Dispose();

    private string FolderWith(params string[] files)
    {
        var folder = _scratch.Folder("model");
        File.WriteAllText(Path.Combine(folder, "config.json"), ModelConfigJson.ToJson(FakeSnapshots.Config));
        foreach (var file in files)
        {
            File.WriteAllBytes(Path.Combine(folder, file), [0x80, 0x02, 0x7D, 0x2E]); // a pickle: PROTO 2, EMPTY_DICT, STOP
        }
        return folder;
    }

    private static void AssertExplainsConversion(SnapshotException error)
    {
        Assert.Contains("PyTorch pickle files can execute arbitrary code when loaded, so CircuitBench never opens them.", error.Message, StringComparison.Ordinal);
        Assert.Contains("save_pretrained(\"OUT\", safe_serialization=True)", error.Message, StringComparison.Ordinal);
        Assert.Contains("save_file(torch.load(\"FILE\", weights_only=True), \"model.safetensors\")", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pytorch_model.bin")]
    [InlineData("model.pt")]
    [InlineData("weights.pth")]
    [InlineData("last.ckpt")]
    public void A_folder_whose_only_weights_are_pickles_is_refused(string file)
    {
        var folder = FolderWith(file);
        var error = Assert.Throws<SnapshotException>(() => _resolver.Resolve(folder));
        Assert.Contains($"Refusing '{folder}': its only weights are pickle files ({file})", error.Message, StringComparison.Ordinal);
        AssertExplainsConversion(error);
    }

    [Fact]
    public void An_index_mapping_tensors_to_pickle_shards_is_refused()
    {
        var folder = FolderWith("pytorch_model-00001-of-00002.bin");
        FakeSnapshots.WriteIndex(folder, [("wte.weight", "pytorch_model-00001-of-00002.bin")]);
        var error = Assert.Throws<SnapshotException>(() => _resolver.Resolve(folder));
        Assert.Contains("which maps tensors to the pickle file 'pytorch_model-00001-of-00002.bin'", error.Message, StringComparison.Ordinal);
        AssertExplainsConversion(error);
    }

    [Fact]
    public void Safetensors_weights_are_used_when_pickles_sit_beside_them()
    {
        var folder = FolderWith("pytorch_model.bin");
        FakeSnapshots.WriteShard(Path.Combine(folder, "model.safetensors"), FakeSnapshots.Shapes.Keys);
        Assert.Equal([Path.Combine(folder, "model.safetensors")], _resolver.Resolve(folder).WeightFiles);
        Assert.DoesNotContain(_resolver.Resolve(folder).FilesUsed, path => path.EndsWith(".bin", StringComparison.Ordinal));
    }
}
