using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace CircuitBench.Pipeline.Caching;

/// <summary>
/// The content-addressed cache under <c>results/cache/</c>: entry <c>&lt;stage&gt;/&lt;key&gt;/</c> holds a target's
/// outputs and its <see cref="Manifest"/>. A build writes into a temporary sibling folder and renames it into place, so
/// an entry is either complete or absent. Reads verify every output's SHA-256 against the manifest; a damaged entry is
/// reported, removed and rebuilt, never used. One lock per target (<c>&lt;stage&gt;/.locks/&lt;key&gt;.lock</c>) makes
/// concurrent builders of the same target wait for one build and then read it. Each target id also records its last
/// key inputs (<c>&lt;stage&gt;/.targets/</c>) so a stale target can say which input changed.
/// </summary>
public sealed class ArtifactCache(string root)
{
    /// <summary>The cache folder (e.g. <c>results/cache</c>).</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Versions written into every manifest.</summary>
    public static IReadOnlyDictionary<string, string> Versions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["circuitbench"] = typeof(ArtifactCache).Assembly.GetName().Version?.ToString() ?? "unknown",
        ["dotnet"] = Environment.Version.ToString(),
    };

    /// <summary>The entry folder of <paramref name="key"/>.</summary>
    public string EntryFolder(StageKey key) => Path.Combine(Root, key.Stage, key.Key);

    /// <summary>
    /// The verified entry of <paramref name="key"/>, building it with <paramref name="build"/> (which writes its files
    /// into the folder it is given) when it is missing or damaged. <paramref name="volatileOutputs"/> are outputs whose
    /// bytes vary between builds (logs, timings): their hashes are recorded but left out of the content hash.
    /// </summary>
    public TargetResult GetOrBuild(string target, StageKey key, Action<string> build, IReadOnlyCollection<string>? volatileOutputs = null, Action<string>? log = null)
    {
        var folder = EntryFolder(key);
        if (TryVerify(folder, out var manifest, out _))
        {
            Remember(target, key, manifest!);
            return new TargetResult(TargetStatus.Cached, "key unchanged, outputs verified", folder, manifest!);
        }
        using var gate = TargetLock.Acquire(Path.Combine(Root, key.Stage, ".locks", key.Key + ".lock"),
            () => log?.Invoke($"waiting for another builder of {target}"));
        if (TryVerify(folder, out manifest, out var damage))
        {
            Remember(target, key, manifest!);
            return new TargetResult(TargetStatus.Cached, "built meanwhile by another builder, outputs verified", folder, manifest!);
        }
        var reason = damage is not null ? $"damaged entry ({damage}); rebuilt" : WhyNew(target, key);
        if (damage is not null)
        {
            log?.Invoke($"{target}: cache entry {folder} is damaged ({damage}); rebuilding it");
            Discard(folder);
        }
        manifest = Build(target, key, folder, build, volatileOutputs ?? []);
        Remember(target, key, manifest);
        return new TargetResult(TargetStatus.Built, reason, folder, manifest);
    }

    /// <summary>Whether <paramref name="key"/> has a verified entry, and if not, what changed since <paramref name="target"/> was last built.</summary>
    public TargetState State(string target, StageKey key)
    {
        if (TryVerify(EntryFolder(key), out _, out var damage)) return new TargetState(true, ["up to date"]);
        if (damage is not null) return new TargetState(false, [$"damaged entry ({damage})"]);
        return new TargetState(false, [WhyNew(target, key)]);
    }

    private string WhyNew(string target, StageKey key)
    {
        var previous = Previous(key.Stage, target);
        if (previous is null) return "new target (never built)";
        var changes = key.Differences(previous);
        return changes.Count > 0 ? string.Join("; ", changes) : "no entry for this key (removed from the cache)";
    }

    /// <summary>Checks an entry: manifest readable, key matches the folder, every listed output present with its hash, no extra files.</summary>
    private static bool TryVerify(string folder, out Manifest? manifest, out string? damage)
    {
        (manifest, damage) = (null, null);
        if (!Directory.Exists(folder)) return false;
        var manifestPath = Path.Combine(folder, Manifest.FileName);
        try
        {
            if (!File.Exists(manifestPath)) return Damaged("manifest.json is missing", out damage);
            var read = Manifest.Parse(File.ReadAllText(manifestPath));
            if (read.Key != Path.GetFileName(folder)) return Damaged($"its manifest is for key {read.Key[..Math.Min(12, read.Key.Length)]}", out damage);
            foreach (var (name, hash) in read.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                var path = Path.Combine(folder, name);
                if (!File.Exists(path)) return Damaged($"output '{name}' is missing", out damage);
                if (ContentHash.OfFile(path) != hash) return Damaged($"output '{name}' does not match its SHA-256", out damage);
            }
            var extra = Files(folder).FirstOrDefault(f => f != Manifest.FileName && !read.Outputs.ContainsKey(f));
            if (extra is not null) return Damaged($"unexpected file '{extra}'", out damage);
            if (Caching.ContentHash.OfSet(read.Outputs.Where(o => !read.Volatile.Contains(o.Key))) != read.ContentHash)
                return Damaged("its content hash does not match its outputs", out damage);
            manifest = read;
            return true;
        }
        catch (InvalidDataException e)
        {
            return Damaged(e.Message, out damage);
        }
    }

    private static bool Damaged(string why, out string? damage)
    {
        damage = why;
        return false;
    }

    private static Manifest Build(string target, StageKey key, string folder, Action<string> build, IReadOnlyCollection<string> volatileOutputs)
    {
        var parent = Path.GetDirectoryName(folder)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".tmp-{key.Key[..16]}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var clock = Stopwatch.StartNew();
            build(staging);
            var outputs = Files(staging).ToDictionary(f => f, f => ContentHash.OfFile(Path.Combine(staging, f)), StringComparer.Ordinal);
            if (outputs.ContainsKey(Manifest.FileName)) throw new InvalidOperationException($"stage {key.Stage} wrote its own {Manifest.FileName}.");
            var volatileList = volatileOutputs.Where(outputs.ContainsKey).ToArray();
            var manifest = new Manifest(target, key.Key, key.ToJson(), outputs, volatileList,
                ContentHash.OfSet(outputs.Where(o => !volatileList.Contains(o.Key))), clock.Elapsed.TotalSeconds, Versions,
                DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            File.WriteAllText(Path.Combine(staging, Manifest.FileName), manifest.ToJson());
            Directory.Move(staging, folder);
            return manifest;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Moves a damaged entry aside and deletes it (the rename makes it vanish at once for readers).</summary>
    private static void Discard(string folder)
    {
        var trash = Path.Combine(Path.GetDirectoryName(folder)!, $".damaged-{Guid.NewGuid():N}");
        Directory.Move(folder, trash);
        Directory.Delete(trash, recursive: true);
    }

    private static IEnumerable<string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);

    private string TargetRecord(string stage, string target) =>
        Path.Combine(Root, stage, ".targets", ContentHash.Of(target)[..32] + ".json");

    private JsonObject? Previous(string stage, string target)
    {
        var path = TargetRecord(stage, target);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?["key_inputs"] as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Records the key inputs of <paramref name="target"/>'s current entry (atomically: temp file + rename).</summary>
    private void Remember(string target, StageKey key, Manifest manifest)
    {
        var path = TargetRecord(key.Stage, target);
        var text = new JsonObject { ["target"] = target, ["key"] = manifest.Key, ["key_inputs"] = CanonicalJson.Sorted(manifest.KeyInputs) }.ToJsonString();
        if (File.Exists(path) && File.ReadAllText(path) == text) return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}
