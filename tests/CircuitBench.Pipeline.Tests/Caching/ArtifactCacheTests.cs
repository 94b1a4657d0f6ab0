using System.Text.Json.Nodes;
using CircuitBench.Pipeline.Caching;

namespace CircuitBench.Pipeline.Tests.Caching;

public sealed class ArtifactCacheTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"circuitbench-cache-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private ArtifactCache Cache => new(_root);

    private static StageKey Key(string ablation = "resample", string code = "code-1", string input = "input-hash") =>
        new("attribute", 1, new JsonObject { ["ablation"] = ablation, ["seed"] = 0 }, new Dictionary<string, string> { ["model"] = input }, code);

    private static Action<string> Writes(string text, Action? onBuild = null) => folder =>
    {
        onBuild?.Invoke();
        File.WriteAllText(Path.Combine(folder, "scores.txt"), text);
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.WriteAllText(Path.Combine(folder, "sub", "log.txt"), Guid.NewGuid().ToString());
    };

    [Fact]
    public void Builds_once_then_reads_the_verified_entry()
    {
        var builds = 0;
        var first = Cache.GetOrBuild("attribute/cell", Key(), Writes("a", () => builds++), ["sub/log.txt"]);
        var second = Cache.GetOrBuild("attribute/cell", Key(), Writes("a", () => builds++), ["sub/log.txt"]);
        Assert.Equal((TargetStatus.Built, "new target (never built)"), (first.Status, first.Reason));
        Assert.Equal(TargetStatus.Cached, second.Status);
        Assert.Equal(1, builds);
        Assert.Equal(first.Folder, second.Folder);
        Assert.Equal(Path.Combine(_root, "attribute", Key().Key), first.Folder);
        Assert.Equal("a", File.ReadAllText(second.File("scores.txt")));
        Assert.Equal(["scores.txt", "sub/log.txt"], first.Manifest.Outputs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ContentHash.OfSet([KeyValuePair.Create("scores.txt", ContentHash.Of("a"))]), first.ContentHash);
        Assert.DoesNotContain(Directory.EnumerateDirectories(Path.Combine(_root, "attribute")), d => Path.GetFileName(d).StartsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void The_key_covers_stage_schema_fields_inputs_and_code_and_nothing_else()
    {
        var keys = new[]
        {
            Key(), Key(ablation: "mean"), Key(code: "code-2"), Key(input: "other"), Key() with { SchemaVersion = 2 }, Key() with { Stage = "evaluate" },
        }.Select(k => k.Key).ToArray();
        Assert.Equal(keys.Length, keys.Distinct().Count());
        var reordered = new StageKey("attribute", 1, new JsonObject { ["seed"] = 0, ["ablation"] = "resample" }, new Dictionary<string, string> { ["model"] = "input-hash" }, "code-1");
        Assert.Equal(Key().Key, reordered.Key);
    }

    [Fact]
    public void Volatile_outputs_do_not_change_the_content_hash_and_others_do()
    {
        var a = Cache.GetOrBuild("attribute/x", Key(code: "c1"), Writes("same"), ["sub/log.txt"]);
        var b = Cache.GetOrBuild("attribute/x", Key(code: "c2"), Writes("same"), ["sub/log.txt"]);
        var c = Cache.GetOrBuild("attribute/x", Key(code: "c3"), Writes("different"), ["sub/log.txt"]);
        Assert.Equal(a.ContentHash, b.ContentHash);
        Assert.NotEqual(a.Manifest.Outputs["sub/log.txt"], b.Manifest.Outputs["sub/log.txt"]);
        Assert.NotEqual(a.ContentHash, c.ContentHash);
    }

    [Theory]
    [InlineData("edit")]
    [InlineData("delete")]
    [InlineData("extra")]
    [InlineData("manifest")]
    public void A_damaged_entry_is_reported_and_rebuilt_never_used(string damage)
    {
        var builds = 0;
        var first = Cache.GetOrBuild("attribute/cell", Key(), Writes("good", () => builds++));
        var file = first.File("scores.txt");
        switch (damage)
        {
            case "edit": File.WriteAllText(file, "bad!"); break;
            case "delete": File.Delete(file); break;
            case "extra": File.WriteAllText(first.File("stray.bin"), "x"); break;
            case "manifest": File.WriteAllText(first.File(Manifest.FileName), "{ not json"); break;
        }
        var state = Cache.State("attribute/cell", Key());
        Assert.False(state.UpToDate);
        Assert.Contains("damaged", state.Reasons[0]);
        var logged = new List<string>();
        var second = Cache.GetOrBuild("attribute/cell", Key(), Writes("good", () => builds++), log: logged.Add);
        Assert.Equal(TargetStatus.Built, second.Status);
        Assert.StartsWith("damaged entry (", second.Reason);
        Assert.Single(logged, l => l.Contains("damaged", StringComparison.Ordinal));
        Assert.Equal(2, builds);
        Assert.Equal("good", File.ReadAllText(second.File("scores.txt")));
        Assert.False(File.Exists(second.File("stray.bin")));
        Assert.Equal(TargetStatus.Cached, Cache.GetOrBuild("attribute/cell", Key(), Writes("good", () => builds++)).Status);
    }

    [Fact]
    public void A_failed_build_leaves_no_entry_and_no_temporary_folder()
    {
        Assert.Throws<InvalidOperationException>(() => Cache.GetOrBuild("attribute/cell", Key(), folder =>
        {
            File.WriteAllText(Path.Combine(folder, "half.txt"), "x");
            throw new InvalidOperationException("boom");
        }));
        Assert.False(Directory.Exists(Cache.EntryFolder(Key())));
        Assert.Equal([".locks"], Directory.EnumerateDirectories(Path.Combine(_root, "attribute")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Two_concurrent_builders_build_the_target_once_and_both_read_whole_files()
    {
        var builds = 0;
        using var started = new ManualResetEventSlim();
        var payload = new string('x', 1 << 20);
        void Build(string folder)
        {
            Interlocked.Increment(ref builds);
            started.Set();
            Thread.Sleep(300);
            File.WriteAllText(Path.Combine(folder, "scores.txt"), payload);
        }
        var one = Task.Run(() => new ArtifactCache(_root).GetOrBuild("attribute/cell", Key(), Build));
        started.Wait();
        var two = Task.Run(() => new ArtifactCache(_root).GetOrBuild("attribute/cell", Key(), Build));
        var results = await Task.WhenAll(one, two);
        Assert.Equal(1, builds);
        Assert.Equal([TargetStatus.Built, TargetStatus.Cached], results.Select(r => r.Status));
        Assert.Contains("another builder", results[1].Reason);
        Assert.All(results, r => Assert.Equal(payload, File.ReadAllText(r.File("scores.txt"))));
    }

    [Fact]
    public void Early_cut_off_a_rebuilt_input_with_the_same_content_leaves_its_dependents_cached()
    {
        StageKey Downstream(string upstreamHash) => new("evaluate", 1, new JsonObject(), new Dictionary<string, string> { ["scores"] = upstreamHash }, "e");
        var downstreamBuilds = 0;
        var up1 = Cache.GetOrBuild("attribute/cell", Key(code: "v1"), Writes("scores"), ["sub/log.txt"]);
        var down1 = Cache.GetOrBuild("evaluate/cell", Downstream(up1.ContentHash), Writes("curve", () => downstreamBuilds++));
        var up2 = Cache.GetOrBuild("attribute/cell", Key(code: "v2"), Writes("scores"), ["sub/log.txt"]);
        var down2 = Cache.GetOrBuild("evaluate/cell", Downstream(up2.ContentHash), Writes("curve", () => downstreamBuilds++));
        Assert.Equal((TargetStatus.Built, TargetStatus.Built, TargetStatus.Cached), (up1.Status, up2.Status, down2.Status));
        Assert.StartsWith("code version", up2.Reason);
        Assert.Equal(1, downstreamBuilds);
        Assert.Equal(down1.Folder, down2.Folder);
        var up3 = Cache.GetOrBuild("attribute/cell", Key(code: "v3"), Writes("new scores"), ["sub/log.txt"]);
        var state = Cache.State("evaluate/cell", Downstream(up3.ContentHash));
        Assert.False(state.UpToDate);
        Assert.StartsWith("input 'scores' changed", state.Reasons[0]);
    }

    [Fact]
    public void A_stale_target_says_which_field_changed()
    {
        Cache.GetOrBuild("attribute/cell", Key(), Writes("a"));
        var state = Cache.State("attribute/cell", Key(ablation: "mean"));
        Assert.False(state.UpToDate);
        Assert.Equal(["field 'ablation' changed: \"resample\" → \"mean\""], state.Reasons);
        Assert.True(Cache.State("attribute/cell", Key()).UpToDate);
    }
}
