using System.Text.Json.Nodes;
using CircuitBench.Models.Architecture;
using CircuitBench.Models.Snapshots;

namespace CircuitBench.Models.Tests.Snapshots;

public sealed class ModelConfigJsonTests : IDisposable
{
    // The config.json of the Hugging Face "gpt2" repository (GPT-2 small), verbatim.
    private const string Gpt2Small = """
        {
          "activation_function": "gelu_new",
          "architectures": [
            "GPT2LMHeadModel"
          ],
          "attn_pdrop": 0.1,
          "bos_token_id": 50256,
          "embd_pdrop": 0.1,
          "eos_token_id": 50256,
          "initializer_range": 0.02,
          "layer_norm_epsilon": 1e-05,
          "model_type": "gpt2",
          "n_ctx": 1024,
          "n_embd": 768,
          "n_head": 12,
          "n_layer": 12,
          "n_positions": 1024,
          "resid_pdrop": 0.1,
          "summary_activation": null,
          "summary_first_dropout": 0.1,
          "summary_proj_to_labels": true,
          "summary_type": "cls_index",
          "summary_use_proj": true,
          "task_specific_params": {
            "text-generation": {
              "do_sample": true,
              "max_length": 50
            }
          },
          "vocab_size": 50257
        }
        """;

    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private string WriteConfig(string json)
    {
        var path = Path.Combine(_scratch.Root, "config.json");
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>GPT-2 small's config with <paramref name="key"/> set to the JSON <paramref name="value"/>, or removed when null.</summary>
    private static string Gpt2With(string key, string? value, string? alsoRemove = null)
    {
        var json = JsonNode.Parse(Gpt2Small)!.AsObject();
        json.Remove(key);
        if (alsoRemove is not null)
        {
            json.Remove(alsoRemove);
        }
        if (value is not null)
        {
            json[key] = JsonNode.Parse(value);
        }
        return json.ToJsonString();
    }

    [Fact]
    public void Reads_gpt2_small()
    {
        var config = ModelConfigJson.Read(WriteConfig(Gpt2Small));

        var expected = new ModelConfig(DModel: 768, NLayers: 12, NHeads: 12, DHead: 64, DMlp: 3072, DVocab: 50257, NCtx: 1024,
            Activation: ActivationKind.GeluNew, LayerNormEps: 1e-5f, TiedEmbeddings: true, BosTokenId: 50256)
        { EosTokenId = 50256 };
        Assert.Equal(expected, config);
    }

    [Theory]
    [InlineData("n_inner", "1000", 1000)]
    [InlineData("n_inner", "null", 3072)]
    public void N_inner_null_means_four_times_n_embd(string key, string value, int dMlp) =>
        Assert.Equal(dMlp, ModelConfigJson.Read(WriteConfig(Gpt2With(key, value))).DMlp);

    [Fact]
    public void Falls_back_to_legacy_n_ctx_when_n_positions_is_absent() =>
        Assert.Equal(1024, ModelConfigJson.Read(WriteConfig(Gpt2With("n_positions", null))).NCtx);

    [Theory]
    [InlineData("\"gelu\"", ActivationKind.Gelu)]
    [InlineData("\"gelu_pytorch_tanh\"", ActivationKind.GeluNew)]
    [InlineData("\"silu\"", ActivationKind.Silu)]
    public void Reads_supported_activations(string value, ActivationKind expected) =>
        Assert.Equal(expected, ModelConfigJson.Read(WriteConfig(Gpt2With("activation_function", value))).Activation);

    [Fact]
    public void Defaults_apply_when_optional_keys_are_absent()
    {
        var minimal = """{"model_type": "gpt2", "n_layer": 2, "n_head": 2, "n_embd": 8, "n_positions": 16, "vocab_size": 20}""";
        var config = ModelConfigJson.Read(WriteConfig(minimal));
        Assert.Equal(new ModelConfig(8, 2, 2, 4, 32, 20, 16), config);
        Assert.Null(config.EosTokenId);
    }

    public static TheoryData<ModelConfig> RoundTripConfigs => new()
    {
        FakeSnapshots.Config,
        new ModelConfig(DModel: 768, NLayers: 12, NHeads: 12, DHead: 64, DMlp: 3072, DVocab: 50257, NCtx: 1024, BosTokenId: 50256) { EosTokenId = 50256 },
        new ModelConfig(DModel: 64, NLayers: 2, NHeads: 4, DHead: 16, DMlp: 256, DVocab: 50, NCtx: 40, AttnOnly: true, BlockLayerNorms: false, TiedEmbeddings: false),
        new ModelConfig(DModel: 12, NLayers: 1, NHeads: 3, DHead: 8, DMlp: 20, DVocab: 9, NCtx: 5, Activation: ActivationKind.Silu, LayerNormEps: 1e-6f, FinalLayerNorm: false),
    };

    [Theory]
    [MemberData(nameof(RoundTripConfigs))]
    public void Written_configs_read_back_equal(ModelConfig config)
    {
        var path = Path.Combine(_scratch.Root, "config.json");
        ModelConfigJson.Write(config, path);
        Assert.Equal(config, ModelConfigJson.Read(path));
    }

    [Fact]
    public void Plain_gpt2_configs_are_written_as_model_type_gpt2_with_sorted_keys()
    {
        var expected = """
            {
              "activation_function": "gelu_new",
              "architectures": [
                "GPT2LMHeadModel"
              ],
              "bos_token_id": 10,
              "eos_token_id": 10,
              "layer_norm_epsilon": 1E-05,
              "model_type": "gpt2",
              "n_ctx": 6,
              "n_embd": 8,
              "n_head": 2,
              "n_inner": 32,
              "n_layer": 1,
              "n_positions": 6,
              "tie_word_embeddings": true,
              "vocab_size": 11
            }

            """.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(expected, ModelConfigJson.ToJson(FakeSnapshots.Config));
    }

    [Fact]
    public void Toy_configs_are_written_as_circuitbench_toy_with_their_extra_keys()
    {
        var toy = new ModelConfig(DModel: 64, NLayers: 2, NHeads: 4, DHead: 16, DMlp: 256, DVocab: 50, NCtx: 40, AttnOnly: true);
        var json = ModelConfigJson.ToJsonObject(toy);
        Assert.Equal("circuitbench_toy", (string?)json["model_type"]);
        Assert.True((bool?)json["attn_only"]);
        Assert.Equal(16, (int?)json["d_head"]);
        Assert.False(json.ContainsKey("architectures"));
        Assert.Equal(json.Select(p => p.Key).Order(StringComparer.Ordinal), json.Select(p => p.Key));
    }

    [Theory]
    [InlineData("model_type", "\"llama\"", "field 'model_type' is 'llama'")]
    [InlineData("n_layer", null, "field 'n_layer' is missing")]
    [InlineData("vocab_size", null, "field 'vocab_size' is missing")]
    [InlineData("n_head", "\"12\"", "field 'n_head' must be an integer, found \"12\"")]
    [InlineData("n_head", "7", "field 'n_head' is 7, which does not divide n_embd = 768")]
    [InlineData("n_embd", "0", "field 'n_embd' must be positive, found 0")]
    [InlineData("activation_function", "\"relu\"", "field 'activation_function' is 'relu', which CircuitBench's transformer does not implement")]
    [InlineData("tie_word_embeddings", "1", "field 'tie_word_embeddings' must be true or false, found 1")]
    [InlineData("attn_only", "true", "field 'attn_only' belongs to model_type 'circuitbench_toy'")]
    [InlineData("scale_attn_by_inverse_layer_idx", "true", "field 'scale_attn_by_inverse_layer_idx' is true")]
    [InlineData("bos_token_id", "60000", "bos_token_id 60000 is outside the vocabulary of 50257")]
    [InlineData("layer_norm_epsilon", "1e99", "field 'layer_norm_epsilon' must be a finite number")]
    public void Invalid_configs_are_refused_naming_the_file_and_the_field(string key, string? value, string problem)
    {
        var path = WriteConfig(Gpt2With(key, value));
        var error = Assert.Throws<SnapshotException>(() => ModelConfigJson.Read(path));
        Assert.Contains($"'{path}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_positions_name_both_keys()
    {
        var path = WriteConfig(Gpt2With("n_positions", null, alsoRemove: "n_ctx"));
        var error = Assert.Throws<SnapshotException>(() => ModelConfigJson.Read(path));
        Assert.Contains("field 'n_positions' is missing (and so is the legacy 'n_ctx')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_and_missing_files_name_the_file()
    {
        var path = WriteConfig("{\"model_type\": \"gpt2\",");
        Assert.Contains($"'{path}' is not valid JSON", Assert.Throws<SnapshotException>(() => ModelConfigJson.Read(path)).Message, StringComparison.Ordinal);
        var missing = Path.Combine(_scratch.Root, "nowhere", "config.json");
        Assert.Contains($"'{missing}' does not exist", Assert.Throws<SnapshotException>(() => ModelConfigJson.Read(missing)).Message, StringComparison.Ordinal);
    }
}
