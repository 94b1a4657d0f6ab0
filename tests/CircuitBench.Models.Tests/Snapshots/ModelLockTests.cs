using System.Security.Cryptography;
using System.Text.Json;
using CircuitBench.Models.Snapshots;

namespace CircuitBench.Models.Tests.Snapshots;

public sealed class ModelLockTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public ModelLockTests()
    {
        CacheRoot = _scratch.Folder("hub");
        Resolver = new SnapshotResolver(new HubCache(CacheRoot, "test"));
        LockPath = Path.Combine(_scratch.Root, "models.lock.json");
        Snapshot = FakeSnapshots.WriteHubSnapshot(CacheRoot, "gpt2", FakeSnapshots.CommitA, "main");
    }

    private string CacheRoot { get; }

    private SnapshotResolver Resolver { get; }

    private string LockPath { get; }

    private string Snapshot { get; }

    public void Dispose() => _scratch.Dispose();

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static void FlipOneByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }

    [Fact]
    public void Lock_pins_the_commit_and_the_hash_of_every_file_used()
    {
        var entry = ModelLock.Write(LockPath, "gpt2", Resolver);

        Assert.Equal(("gpt2", "gpt2", "main", FakeSnapshots.CommitA), (entry.Reference, entry.Id, entry.Revision, entry.Commit));
        string[] files = ["config.json", "merges.txt", "model.safetensors", "vocab.json"];
        Assert.Equal(files, entry.Files.Keys.Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            Assert.Equal(Sha256(Path.Combine(Snapshot, file)), entry.Files[file]);
        }
        using var written = JsonDocument.Parse(File.ReadAllText(LockPath));
        var model = written.RootElement.GetProperty("models").GetProperty("gpt2");
        Assert.Equal(FakeSnapshots.CommitA, model.GetProperty("commit").GetString());
        Assert.Equal(entry.Files["model.safetensors"], model.GetProperty("files").GetProperty("model.safetensors").GetString());
    }

    [Fact]
    public void The_lock_file_is_deterministic_with_sorted_keys_and_keeps_other_models()
    {
        var toy = FakeSnapshots.WriteSharded(Path.Combine(_scratch.Root, "toy"));
        ModelLock.Write(LockPath, toy, Resolver);
        ModelLock.Write(LockPath, "gpt2", Resolver);
        var first = File.ReadAllText(LockPath);
        ModelLock.Write(LockPath, toy, Resolver);
        var second = File.ReadAllText(LockPath);

        Assert.Equal(first, second);
        Assert.DoesNotContain('\r', first);
        Assert.StartsWith($"{{\n  \"models\": {{\n    \"{toy}\": {{\n      \"commit\": null,", first, StringComparison.Ordinal);
        Assert.EndsWith("\n  },\n  \"version\": 1\n}\n", first, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(first);
        var models = document.RootElement.GetProperty("models");
        Assert.Equal(new[] { "gpt2", toy }.Order(StringComparer.Ordinal), models.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["commit", "files", "id", "revision"], models.GetProperty(toy).EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, models.GetProperty(toy).GetProperty("commit").ValueKind);
        Assert.Equal(["config.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors", "model.safetensors.index.json"],
            models.GetProperty(toy).GetProperty("files").EnumerateObject().Select(p => p.Name));
        Assert.Empty(Directory.EnumerateFiles(_scratch.Root, "*.tmp"));
    }

    [Fact]
    public void Verify_passes_until_one_byte_changes_then_names_that_file()
    {
        ModelLock.Write(LockPath, "gpt2", Resolver);
        var before = ModelLock.Verify(LockPath, null, Resolver);
        Assert.True(before.IsOk);
        Assert.Equal(4, Assert.Single(before.Models).FileCount);
        before.ThrowIfFailed();

        var weights = Path.Combine(Snapshot, "model.safetensors");
        var locked = Sha256(weights);
        FlipOneByte(weights);
        var after = ModelLock.Verify(LockPath, "gpt2", Resolver);

        Assert.False(after.IsOk);
        Assert.Equal(new LockDiscrepancy("gpt2", "model.safetensors", weights, LockDiscrepancyKind.Changed, locked, Sha256(weights)), Assert.Single(after.Discrepancies));
        var error = Assert.Throws<ModelLockException>(() => ModelLock.Require(LockPath, "gpt2", Resolver));
        Assert.Contains($"gpt2: '{weights}' changed: locked sha256 {locked}, found {Sha256(weights)}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"If the change is intended, re-lock with: `circuit-bench models lock gpt2 --lock-file {LockPath}`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_returns_the_verified_model()
    {
        ModelLock.Write(LockPath, "gpt2", Resolver);
        Assert.Equal(Snapshot, ModelLock.Require(LockPath, "gpt2", Resolver).Folder);
    }

    [Fact]
    public void Missing_and_extra_files_are_reported()
    {
        ModelLock.Write(LockPath, "gpt2", Resolver);
        File.Delete(Path.Combine(Snapshot, "merges.txt"));
        File.WriteAllText(Path.Combine(Snapshot, "tokenizer.json"), "{}");

        var discrepancies = ModelLock.Verify(LockPath, "gpt2", Resolver).Discrepancies.ToArray();

        Assert.Equal([("merges.txt", LockDiscrepancyKind.Missing), ("tokenizer.json", LockDiscrepancyKind.Extra)],
            discrepancies.Select(d => (d.Item, d.Kind)));
        Assert.Null(discrepancies[0].Actual);
        Assert.Null(discrepancies[1].Expected);
        Assert.Contains("is missing (locked sha256", discrepancies[0].ToString(), StringComparison.Ordinal);
        Assert.Contains("is used but not locked", discrepancies[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_moved_ref_is_reported_as_a_commit_change()
    {
        ModelLock.Write(LockPath, "gpt2", Resolver);
        FakeSnapshots.WriteHubSnapshot(CacheRoot, "gpt2", FakeSnapshots.CommitB, "main");

        var discrepancy = Assert.Single(ModelLock.Verify(LockPath, "gpt2", Resolver).Discrepancies);

        Assert.Equal((LockDiscrepancyKind.CommitChanged, FakeSnapshots.CommitA, FakeSnapshots.CommitB), (discrepancy.Kind, discrepancy.Expected, discrepancy.Actual));
    }

    [Fact]
    public void Verifying_an_unlocked_model_or_without_a_lock_file_says_how_to_lock()
    {
        var noFile = Assert.Throws<ModelLockException>(() => ModelLock.Verify(LockPath, "gpt2", Resolver));
        Assert.Contains($"There is no lock file at '{LockPath}'. Create it with `circuit-bench models lock gpt2 --lock-file {LockPath}`", noFile.Message, StringComparison.Ordinal);

        ModelLock.Write(LockPath, "gpt2", Resolver);
        var unlocked = Assert.Throws<ModelLockException>(() => ModelLock.Verify(LockPath, "org/other", Resolver));
        Assert.Contains("Model 'org/other' is not in the lock file", unlocked.Message, StringComparison.Ordinal);
        Assert.Contains("(locked: 'gpt2')", unlocked.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Locking_a_broken_model_writes_nothing()
    {
        File.WriteAllText(Path.Combine(Snapshot, "config.json"), "{\"model_type\": \"llama\"}");
        Assert.Throws<SnapshotException>(() => ModelLock.Write(LockPath, "gpt2", Resolver));
        Assert.False(File.Exists(LockPath));
    }

    [Fact]
    public void A_hand_edited_hash_is_refused_naming_the_field()
    {
        ModelLock.Write(LockPath, "gpt2", Resolver);
        var text = File.ReadAllText(LockPath);
        var hash = Sha256(Path.Combine(Snapshot, "vocab.json"));
        File.WriteAllText(LockPath, text.Replace(hash, "abc", StringComparison.Ordinal));

        var error = Assert.Throws<SnapshotException>(() => ModelLock.Verify(LockPath, null, Resolver));
        Assert.Contains($"'{LockPath}': field 'models.gpt2.files.vocab.json' must be a lowercase hex SHA-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Large_files_are_hashed_correctly()
    {
        var content = new byte[(3 << 20) + 5]; // several 1 MiB read blocks and a partial one
        new Random(7).NextBytes(content);
        File.WriteAllBytes(Path.Combine(Snapshot, "tokenizer.json"), content);

        var entry = ModelLock.Write(LockPath, "gpt2", Resolver);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), entry.Files["tokenizer.json"]);
    }
}
