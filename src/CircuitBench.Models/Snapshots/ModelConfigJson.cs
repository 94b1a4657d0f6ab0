using System.Text.Json;
using System.Text.Json.Nodes;
using CircuitBench.Models.Architecture;

namespace CircuitBench.Models.Snapshots;

/// <summary>
/// Converts between Hugging Face <c>config.json</c> and <see cref="ModelConfig"/>.
/// Two model types are read: <c>gpt2</c> (HF's <c>GPT2Config</c> keys and defaults) and
/// <c>circuitbench_toy</c> (the same keys plus <c>attn_only</c>, <c>block_layer_norms</c>,
/// <c>final_layer_norm</c> and <c>d_head</c>) for toy models HF cannot express.
/// Writing picks <c>gpt2</c> whenever the config is a plain GPT-2, so such checkpoints load in HF too.
/// </summary>
/// <remarks>
/// Defaults when a key is absent: <c>n_inner</c> null means 4·<c>n_embd</c>; <c>activation_function</c>
/// <c>gelu_new</c>; <c>layer_norm_epsilon</c> 1e-5; <c>tie_word_embeddings</c> true;
/// <c>n_positions</c> falls back to the legacy <c>n_ctx</c>. Unlike <c>GPT2Config</c>, an absent
/// <c>bos_token_id</c> / <c>eos_token_id</c> means "none" rather than 50256 (real GPT-2 configs state them).
/// </remarks>
public static class ModelConfigJson
{
    /// <summary>The file name of the config in a snapshot folder.</summary>
    public const string FileName = "config.json";

    /// <summary><c>model_type</c> of the GPT-2 family.</summary>
    public const string Gpt2ModelType = "gpt2";

    /// <summary><c>model_type</c> of CircuitBench's toy models (attention-only, without block LayerNorms, or with a free d_head).</summary>
    public const string ToyModelType = "circuitbench_toy";

    private static readonly string[] ToyOnlyKeys = ["attn_only", "block_layer_norms", "d_head", "final_layer_norm"];

    private static readonly (string Name, ActivationKind Kind)[] Activations =
    [
        ("gelu_new", ActivationKind.GeluNew),
        ("gelu", ActivationKind.Gelu),
        ("silu", ActivationKind.Silu),
        ("gelu_pytorch_tanh", ActivationKind.GeluNew), // the same tanh approximation as gelu_new
        ("swish", ActivationKind.Silu),
    ];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, NewLine = "\n" };

    /// <summary>Reads and validates a <c>config.json</c>.</summary>
    /// <exception cref="SnapshotException">Invalid JSON, unknown <c>model_type</c>, a missing or ill-typed field,
    /// an unsupported option or inconsistent sizes; the message names the file and the field.</exception>
    public static ModelConfig Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new SnapshotException($"'{path}' does not exist; a model folder needs a {FileName}.");
        }
        using var document = JsonFields.ParseObjectFile(path);
        return Parse(new JsonFields(path, document.RootElement));
    }

    /// <summary>The config as a JSON object in HF's key names, keys sorted.</summary>
    public static JsonObject ToJsonObject(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var isGpt2 = IsPlainGpt2(config);
        var keys = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["activation_function"] = Activations.First(a => a.Kind == config.Activation).Name,
            ["bos_token_id"] = config.BosTokenId,
            ["eos_token_id"] = config.EosTokenId,
            ["layer_norm_epsilon"] = config.LayerNormEps,
            ["model_type"] = isGpt2 ? Gpt2ModelType : ToyModelType,
            ["n_ctx"] = config.NCtx,
            ["n_embd"] = config.DModel,
            ["n_head"] = config.NHeads,
            ["n_inner"] = config.DMlp,
            ["n_layer"] = config.NLayers,
            ["n_positions"] = config.NCtx,
            ["tie_word_embeddings"] = config.TiedEmbeddings,
            ["vocab_size"] = config.DVocab,
        };
        if (isGpt2)
        {
            keys["architectures"] = new JsonArray("GPT2LMHeadModel");
        }
        else
        {
            keys["attn_only"] = config.AttnOnly;
            keys["block_layer_norms"] = config.BlockLayerNorms;
            keys["d_head"] = config.DHead;
            keys["final_layer_norm"] = config.FinalLayerNorm;
        }
        return new JsonObject(keys.OrderBy(pair => pair.Key, StringComparer.Ordinal));
    }

    /// <summary>The config as <c>config.json</c> text: sorted keys, two-space indent, "\n" line ends, final newline.</summary>
    public static string ToJson(ModelConfig config) => ToJsonObject(config).ToJsonString(Indented) + "\n";

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(ModelConfig config, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicText.Write(path, ToJson(config));
    }

    private static bool IsPlainGpt2(ModelConfig config) =>
        !config.AttnOnly && config.BlockLayerNorms && config.FinalLayerNorm && config.DHead * config.NHeads == config.DModel;

    private static ModelConfig Parse(JsonFields fields)
    {
        var modelType = fields.String("model_type");
        var isToy = modelType switch
        {
            Gpt2ModelType => false,
            ToyModelType => true,
            _ => throw fields.Error("model_type",
                $"is '{modelType}'; CircuitBench loads '{Gpt2ModelType}' (the GPT-2 family) and '{ToyModelType}' (its own toy models)."),
        };
        if (!isToy)
        {
            RequireGpt2Semantics(fields);
        }

        var dModel = Positive(fields, "n_embd", fields.Int("n_embd"));
        var nHeads = Positive(fields, "n_head", fields.Int("n_head"));
        var nCtx = fields.OptionalInt("n_positions") ?? fields.OptionalInt("n_ctx")
            ?? throw fields.Error("n_positions", "is missing (and so is the legacy 'n_ctx'); it must be an integer.");
        var dHead = isToy ? fields.OptionalInt("d_head") : null;
        if (dHead is null && dModel % nHeads != 0)
        {
            throw fields.Error("n_head", $"is {nHeads}, which does not divide n_embd = {dModel}; the head width d_head = n_embd / n_head must be whole.");
        }
        var config = new ModelConfig(
            DModel: dModel,
            NLayers: fields.Int("n_layer"),
            NHeads: nHeads,
            DHead: dHead ?? dModel / nHeads,
            DMlp: fields.OptionalInt("n_inner") ?? 4 * dModel,
            DVocab: fields.Int("vocab_size"),
            NCtx: nCtx,
            AttnOnly: isToy && (fields.OptionalBool("attn_only") ?? false),
            Activation: ReadActivation(fields),
            LayerNormEps: fields.OptionalFloat("layer_norm_epsilon") ?? 1e-5f,
            FinalLayerNorm: !isToy || (fields.OptionalBool("final_layer_norm") ?? true),
            BlockLayerNorms: !isToy || (fields.OptionalBool("block_layer_norms") ?? true),
            TiedEmbeddings: fields.OptionalBool("tie_word_embeddings") ?? true,
            BosTokenId: fields.OptionalInt("bos_token_id"))
        {
            EosTokenId = fields.OptionalInt("eos_token_id"),
        };
        try
        {
            return config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new SnapshotException($"'{fields.FilePath}': {e.Message}", e);
        }
    }

    /// <summary>Refuses GPT2Config options that change the computation this transformer implements.</summary>
    private static void RequireGpt2Semantics(JsonFields fields)
    {
        if (ToyOnlyKeys.FirstOrDefault(fields.Has) is { } toyKey)
        {
            throw fields.Error(toyKey, $"belongs to model_type '{ToyModelType}'; with model_type '{Gpt2ModelType}' Hugging Face would ignore it.");
        }
        void Require(string key, bool expected)
        {
            if (fields.OptionalBool(key) is { } value && value != expected)
            {
                throw fields.Error(key, $"is {(value ? "true" : "false")}, which CircuitBench's transformer does not implement (only {(expected ? "true" : "false")}).");
            }
        }
        Require("scale_attn_weights", true);
        Require("scale_attn_by_inverse_layer_idx", false);
        Require("add_cross_attention", false);
    }

    private static ActivationKind ReadActivation(JsonFields fields)
    {
        var name = fields.OptionalString("activation_function") ?? "gelu_new";
        foreach (var (known, kind) in Activations)
        {
            if (known == name)
            {
                return kind;
            }
        }
        throw fields.Error("activation_function",
            $"is '{name}', which CircuitBench's transformer does not implement; supported: {string.Join(", ", Activations.Select(a => a.Name))}.");
    }

    private static int Positive(JsonFields fields, string key, int value) =>
        value > 0 ? value : throw fields.Error(key, $"must be positive, found {value}.");
}
