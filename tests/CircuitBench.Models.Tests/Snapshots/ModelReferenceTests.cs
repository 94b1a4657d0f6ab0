using CircuitBench.Models.Snapshots;

namespace CircuitBench.Models.Tests.Snapshots;

public sealed class ModelReferenceTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Theory]
    [InlineData("gpt2", "gpt2", null)]
    [InlineData("openai-community/gpt2", "openai-community/gpt2", null)]
    [InlineData("org/name@v1.0", "org/name", "v1.0")]
    [InlineData("gpt2@refs/pr/1", "gpt2", "refs/pr/1")]
    [InlineData("gpt2@0123456789abcdef0123456789abcdef01234567", "gpt2", "0123456789abcdef0123456789abcdef01234567")]
    public void Hub_ids_are_split_into_repository_and_revision(string text, string repoId, string? revision)
    {
        var reference = ModelReference.Parse(text, _scratch.Root);
        Assert.Equal(new ModelReference(text, null, repoId, revision), reference);
        Assert.False(reference.IsLocal);
    }

    [Fact]
    public void An_existing_folder_wins_over_a_hub_id()
    {
        var folder = _scratch.Folder("gpt2");
        var reference = ModelReference.Parse("gpt2", _scratch.Root);
        Assert.True(reference.IsLocal);
        Assert.Equal(folder, reference.Folder);
        Assert.Null(reference.RepoId);
    }

    [Theory]
    [InlineData("./missing")]
    [InlineData("../missing")]
    public void A_path_to_a_missing_folder_is_an_error_naming_the_full_path(string text)
    {
        var error = Assert.Throws<SnapshotException>(() => ModelReference.Parse(text, _scratch.Root));
        Assert.Contains($"Model folder '{Path.GetFullPath(text, _scratch.Root)}' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_is_not_a_model_folder()
    {
        var file = Path.Combine(_scratch.Folder("m"), "model.safetensors");
        File.WriteAllText(file, "");
        var error = Assert.Throws<SnapshotException>(() => ModelReference.Parse("m/model.safetensors", _scratch.Root));
        Assert.Contains($"'{file}' is a file; give the model folder", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("org/name/extra")]
    [InlineData("org/na me")]
    [InlineData("org--x/name")]
    [InlineData("-gpt2")]
    public void Malformed_hub_ids_are_refused(string text) =>
        Assert.Contains("is neither an existing folder nor a hub id", Assert.Throws<SnapshotException>(() => ModelReference.Parse(text, _scratch.Root)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("gpt2@")]
    [InlineData("gpt2@../../etc")]
    [InlineData("gpt2@/main")]
    public void Revisions_cannot_escape_the_refs_folder(string text) =>
        Assert.Contains("must be a branch, tag or commit", Assert.Throws<SnapshotException>(() => ModelReference.Parse(text, _scratch.Root)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("/cache", "/home", "/xdg", "/cache", "$HF_HUB_CACHE")]
    [InlineData("", "/home", "/xdg", "/home/hub", "$HF_HOME/hub")]
    [InlineData(null, null, "/xdg", "/xdg/huggingface/hub", "$XDG_CACHE_HOME/huggingface/hub")]
    [InlineData(null, "", "", "/users/me/.cache/huggingface/hub", "the default ~/.cache/huggingface/hub")]
    public void The_hub_cache_is_located_as_huggingface_hub_does(string? hubCache, string? hfHome, string? xdg, string root, string source)
    {
        var variables = new Dictionary<string, string?> { ["HF_HUB_CACHE"] = hubCache, ["HF_HOME"] = hfHome, ["XDG_CACHE_HOME"] = xdg };
        var cache = HubCache.Locate(name => variables.GetValueOrDefault(name), "/users/me");
        Assert.Equal(new HubCache(root, source), cache);
    }

    [Theory]
    [InlineData("gpt2", "models--gpt2")]
    [InlineData("openai-community/gpt2", "models--openai-community--gpt2")]
    public void Repositories_live_in_models_dash_dash_folders(string repoId, string folder) =>
        Assert.Equal(Path.Combine("/cache", folder), new HubCache("/cache", "test").RepoFolder(repoId));
}
