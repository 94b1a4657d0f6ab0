namespace CircuitBench.Models.Architecture;

/// <summary>
/// Named architectures for benchmarks and random-weight runs: the GPT-2 shapes from the Hugging Face configs, and
/// the attention-only toy shape used for induction studies.
/// </summary>
public static class ModelPresets
{
    private static readonly Dictionary<string, ModelConfig> ByName = new(StringComparer.Ordinal)
    {
        // GPT-2 small: 768 wide, 12 layers, 12 heads of 64, MLP 3072, 50,257 tokens, 1024 positions.
        ["gpt2-small"] = new ModelConfig(DModel: 768, NLayers: 12, NHeads: 12, DHead: 64, DMlp: 3072, DVocab: 50257, NCtx: 1024) { EosTokenId = 50256 },
        // GPT-2 medium: 1024 wide, 24 layers, 16 heads of 64, MLP 4096.
        ["gpt2-medium"] = new ModelConfig(DModel: 1024, NLayers: 24, NHeads: 16, DHead: 64, DMlp: 4096, DVocab: 50257, NCtx: 1024) { EosTokenId = 50256 },
        // Attention-only, 2 layers of 8 heads of 32, no block LayerNorms, a final LayerNorm (a provisional shape;
        // the trained recipe in Models/Training defines the model the sweep uses).
        ["toy-induction-2l"] = new ModelConfig(DModel: 256, NLayers: 2, NHeads: 8, DHead: 32, DMlp: 0, DVocab: 512, NCtx: 256,
            AttnOnly: true, BlockLayerNorms: false),
    };

    /// <summary>The preset names, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. ByName.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The architecture called <paramref name="name"/>; an unknown name gives an error listing the known ones.</summary>
    public static ModelConfig Get(string name) => ByName.TryGetValue(name, out var config)
        ? config
        : throw new ArgumentException($"Unknown model preset '{name}'; known presets: {string.Join(", ", Names)}.", nameof(name));
}
