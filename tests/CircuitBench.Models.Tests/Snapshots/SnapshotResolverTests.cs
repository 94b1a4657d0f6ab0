using CircuitBench.Models.Snapshots;

namespace CircuitBench.Models.Tests.Snapshots;

public sealed class SnapshotResolverTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public SnapshotResolverTests()
    {
        CacheRoot = _scratch.Folder("hub");
        Resolver = new SnapshotResolver(new HubCache(CacheRoot, "$HF_HUB_CACHE"));
    }

    private string CacheRoot { get; }

    private SnapshotResolver Resolver { get; }

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void A_local_folder_resolves_to_its_files()
    {
        var folder = FakeSnapshots.WriteFolder(Path.Combine(_scratch.Root, "toy"));
        File.WriteAllText(Path.Combine(folder, "README.md"), "not used");

        var model = Resolver.Resolve(folder);

        Assert.Equal(folder, model.Reference);
        Assert.Equal(folder, model.Id);
        Assert.Null(model.Revision);
        Assert.Null(model.Commit);
        Assert.Equal(folder, model.Folder);
        Assert.Equal(Path.Combine(folder, "config.json"), model.ConfigPath);
        Assert.Null(model.IndexPath);
        Assert.Equal([Path.Combine(folder, "model.safetensors")], model.WeightFiles);
        Assert.Equal([Path.Combine(folder, "merges.txt"), Path.Combine(folder, "vocab.json")], model.TokenizerFiles);
        Assert.Equal(["config.json", "model.safetensors", "merges.txt", "vocab.json"], model.FilesUsed.Select(Path.GetFileName));
    }

    [Fact]
    public void A_hub_id_resolves_through_refs_main_to_the_snapshot()
    {
        var snapshot = FakeSnapshots.WriteHubSnapshot(CacheRoot, "gpt2", FakeSnapshots.CommitA, "main");
        FakeSnapshots.WriteHubSnapshot(CacheRoot, "gpt2", FakeSnapshots.CommitB, "v2");

        var model = Resolver.Resolve("gpt2");

        Assert.Equal(("gpt2", "gpt2", "main", FakeSnapshots.CommitA, snapshot), (model.Reference, model.Id, model.Revision, model.Commit, model.Folder));
        Assert.Equal(Path.Combine(snapshot, "model.safetensors"), Assert.Single(model.WeightFiles));
    }

    [Fact]
    public void A_tag_or_a_commit_selects_another_snapshot()
    {
        FakeSnapshots.WriteHubSnapshot(CacheRoot, "org/name", FakeSnapshots.CommitA, "main");
        var second = FakeSnapshots.WriteHubSnapshot(CacheRoot, "org/name", FakeSnapshots.CommitB, "v2");

        var byTag = Resolver.Resolve("org/name@v2");
        var byCommit = Resolver.Resolve($"org/name@{FakeSnapshots.CommitB.ToUpperInvariant()}");

        Assert.Equal(("v2", FakeSnapshots.CommitB, second), (byTag.Revision, byTag.Commit, byTag.Folder));
        Assert.Equal((FakeSnapshots.CommitB, second), (byCommit.Commit, byCommit.Folder));
        Assert.Equal(Path.Combine(CacheRoot, "models--org--name", "snapshots", FakeSnapshots.CommitB), second);
    }

    [Fact]
    public void A_missing_repository_lists_the_paths_looked_at_and_how_to_place_the_files()
    {
        var error = Assert.Throws<SnapshotException>(() => Resolver.Resolve("org/name@v1"));

        var refFile = Path.Combine(CacheRoot, "models--org--name", "refs", "v1");
        Assert.Contains($"Hub cache: {CacheRoot} (from $HF_HUB_CACHE)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Looked at:\n  {refFile} (missing)", error.Message.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("huggingface-cli download org/name --revision v1", error.Message, StringComparison.Ordinal);
        Assert.Contains("--local-dir DIR", error.Message, StringComparison.Ordinal);
        Assert.Contains("config.json and model.safetensors", error.Message, StringComparison.Ordinal);
        Assert.Contains("never downloads", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ref_to_a_missing_snapshot_lists_both_paths_and_the_snapshots_present()
    {
        FakeSnapshots.WriteHubSnapshot(CacheRoot, "gpt2", FakeSnapshots.CommitA, "main");
        FakeSnapshots.WriteRef(CacheRoot, "gpt2", "main", FakeSnapshots.CommitB);

        var error = Assert.Throws<SnapshotException>(() => Resolver.Resolve("gpt2"));

        var repo = Path.Combine(CacheRoot, "models--gpt2");
        Assert.Contains($"  {Path.Combine(repo, "refs", "main")} (missing)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"  {Path.Combine(repo, "snapshots", FakeSnapshots.CommitB)} (missing)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Snapshots present in {Path.Combine(repo, "snapshots")}: {FakeSnapshots.CommitA}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Refs present in {Path.Combine(repo, "refs")}: main", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ref_file_without_a_commit_is_an_error_naming_it()
    {
        FakeSnapshots.WriteRef(CacheRoot, "gpt2", "main", "not a commit");
        var error = Assert.Throws<SnapshotException>(() => Resolver.Resolve("gpt2"));
        Assert.Contains($"'{Path.Combine(CacheRoot, "models--gpt2", "refs", "main")}' should hold a 40-hex commit id, found 'not a commit'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sharded_checkpoint_resolves_to_its_index_and_shards()
    {
        var folder = FakeSnapshots.WriteSharded(Path.Combine(_scratch.Root, "sharded"));

        var model = Resolver.Resolve(folder);

        Assert.Equal(Path.Combine(folder, "model.safetensors.index.json"), model.IndexPath);
        Assert.Equal(["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"], model.WeightFiles.Select(Path.GetFileName));
        Assert.Empty(model.TokenizerFiles);
        Assert.Equal(4, model.FilesUsed.Count);
    }

    [Fact]
    public void An_index_naming_a_missing_shard_is_an_error_naming_it()
    {
        var folder = FakeSnapshots.WriteSharded(Path.Combine(_scratch.Root, "sharded"));
        File.Delete(Path.Combine(folder, "model-00002-of-00002.safetensors"));

        var error = Assert.Throws<SnapshotException>(() => Resolver.Resolve(folder));

        Assert.Contains($"'{Path.Combine(folder, "model-00002-of-00002.safetensors")}' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../model.safetensors")]
    [InlineData("sub/model.safetensors")]
    public void Index_shard_names_must_be_files_of_the_folder(string shard)
    {
        var folder = _scratch.Folder("escape");
        File.WriteAllText(Path.Combine(folder, "config.json"), ModelConfigJson.ToJson(FakeSnapshots.Config));
        FakeSnapshots.WriteIndex(folder, [("wte.weight", shard)]);
        var error = Assert.Throws<SnapshotException>(() => Resolver.Resolve(folder));
        Assert.Contains($"field 'weight_map.wte.weight' maps to '{shard}', which is not a file name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_config_is_an_error_listing_its_contents()
    {
        var folder = _scratch.Folder("noconfig");
        File.WriteAllText(Path.Combine(folder, "model.safetensors"), "");
        var error = Assert.Throws<SnapshotException>(() => Resolver.Resolve(folder));
        Assert.Contains($"Model folder '{folder}' has no config.json; it holds: model.safetensors.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_weights_is_an_error_listing_its_contents()
    {
        var folder = _scratch.Folder("noweights");
        File.WriteAllText(Path.Combine(folder, "config.json"), ModelConfigJson.ToJson(FakeSnapshots.Config));
        var error = Assert.Throws<SnapshotException>(() => Resolver.Resolve(folder));
        Assert.Contains("has no weights: neither model.safetensors nor model.safetensors.index.json; it holds: config.json.", error.Message, StringComparison.Ordinal);
    }
}
