using CircuitBench.Models.Architecture;
using CircuitBench.Models.Snapshots;
using CircuitBench.Safetensors;

namespace CircuitBench.Models.Tests.Snapshots;

/// <summary>Writes small GPT-2-shaped checkpoints in the HF layouts (folder, sharded, hub cache) for the tests.</summary>
internal static class FakeSnapshots
{
    public const string CommitA = "0123456789abcdef0123456789abcdef01234567";
    public const string CommitB = "89abcdef0123456789abcdef0123456789abcdef";

    /// <summary>A one-layer GPT-2: d_model 8, 2 heads, d_mlp 32, vocab 11, n_ctx 6.</summary>
    public static ModelConfig Config { get; } =
        new(DModel: 8, NLayers: 1, NHeads: 2, DHead: 4, DMlp: 32, DVocab: 11, NCtx: 6, BosTokenId: 10) { EosTokenId = 10 };

    /// <summary>The tensors of <see cref="Config"/>'s checkpoint (a subset is enough here): name → shape.</summary>
    public static IReadOnlyDictionary<string, long[]> Shapes { get; } = new Dictionary<string, long[]>
    {
        ["wte.weight"] = [11, 8],
        ["wpe.weight"] = [6, 8],
        ["h.0.attn.c_attn.weight"] = [8, 24],
        ["h.0.attn.c_attn.bias"] = [24],
        ["ln_f.weight"] = [8],
    };

    /// <summary>Deterministic values for tensor <paramref name="name"/>.</summary>
    public static float[] Values(string name)
    {
        var count = checked((int)Shapes[name].Aggregate(1L, (a, b) => a * b));
        return [.. Enumerable.Range(0, count).Select(i => name.Length + (i * 0.25f))];
    }

    /// <summary>config.json + model.safetensors (tensor names prefixed with <paramref name="prefix"/>), plus tokenizer files.</summary>
    public static string WriteFolder(string folder, string prefix = "", bool tokenizer = true)
    {
        Directory.CreateDirectory(folder);
        ModelConfigJson.Write(Config, Path.Combine(folder, "config.json"));
        WriteShard(Path.Combine(folder, "model.safetensors"), Shapes.Keys, prefix);
        if (tokenizer)
        {
            File.WriteAllText(Path.Combine(folder, "vocab.json"), "{\"a\": 0}");
            File.WriteAllText(Path.Combine(folder, "merges.txt"), "#version: 0.2\n");
        }
        return folder;
    }

    /// <summary>config.json + two shards + model.safetensors.index.json mapping every tensor.</summary>
    public static string WriteSharded(string folder)
    {
        Directory.CreateDirectory(folder);
        ModelConfigJson.Write(Config, Path.Combine(folder, "config.json"));
        var (first, second) = Split();
        WriteShard(Path.Combine(folder, "model-00001-of-00002.safetensors"), first);
        WriteShard(Path.Combine(folder, "model-00002-of-00002.safetensors"), second);
        WriteIndex(folder, [.. first.Select(n => (n, "model-00001-of-00002.safetensors")), .. second.Select(n => (n, "model-00002-of-00002.safetensors"))]);
        return folder;
    }

    /// <summary>The tensor names split between two shards.</summary>
    public static (string[] First, string[] Second) Split() =>
        ([.. Shapes.Keys.Where(n => n.StartsWith('w'))], [.. Shapes.Keys.Where(n => !n.StartsWith('w'))]);

    public static void WriteShard(string path, IEnumerable<string> names, string prefix = "")
    {
        var writer = new SafetensorsWriter();
        foreach (var name in names)
        {
            writer.Add(prefix + name, Values(name), Shapes[name]);
        }
        writer.Write(path);
    }

    /// <summary>An index with the given (tensor, shard) entries, written verbatim (duplicates kept).</summary>
    public static void WriteIndex(string folder, IEnumerable<(string Tensor, string Shard)> entries)
    {
        var map = string.Join(",\n    ", entries.Select(e => $"\"{e.Tensor}\": \"{e.Shard}\""));
        File.WriteAllText(Path.Combine(folder, "model.safetensors.index.json"),
            $"{{\n  \"metadata\": {{\"total_size\": 1}},\n  \"weight_map\": {{\n    {map}\n  }}\n}}\n");
    }

    /// <summary>A hub cache entry: <c>models--{repo}/snapshots/{commit}/</c> with a full folder, and <c>refs/{ref}</c> → commit.</summary>
    public static string WriteHubSnapshot(string cacheRoot, string repoId, string commit, params string[] refs)
    {
        var repo = Path.Combine(cacheRoot, "models--" + repoId.Replace("/", "--", StringComparison.Ordinal));
        var snapshot = WriteFolder(Path.Combine(repo, "snapshots", commit));
        foreach (var name in refs)
        {
            WriteRef(cacheRoot, repoId, name, commit);
        }
        return snapshot;
    }

    public static void WriteRef(string cacheRoot, string repoId, string name, string commit)
    {
        var refFile = Path.Combine(cacheRoot, "models--" + repoId.Replace("/", "--", StringComparison.Ordinal), "refs", name);
        Directory.CreateDirectory(Path.GetDirectoryName(refFile)!);
        File.WriteAllText(refFile, commit); // huggingface_hub writes the commit without a newline
    }
}
