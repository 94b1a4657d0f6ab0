using System.Text.Json;
using System.Text.Json.Nodes;
using CircuitBench.Models.Architecture;
using CircuitBench.Models.Snapshots;

namespace CircuitBench.Cli.Commands;

/// <summary>The JSON <c>models show</c> prints: the resolved reference, its paths, and the config as CircuitBench reads it.</summary>
internal static class ResolvedModelJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, NewLine = "\n" };

    public static string Format(ResolvedModel model, ModelConfig config) => new JsonObject
    {
        ["reference"] = model.Reference,
        ["id"] = model.Id,
        ["revision"] = model.Revision,
        ["commit"] = model.Commit,
        ["folder"] = model.Folder,
        ["config_path"] = model.ConfigPath,
        ["index_path"] = model.IndexPath,
        ["weight_files"] = new JsonArray([.. model.WeightFiles.Select(path => JsonValue.Create(path))]),
        ["tokenizer_files"] = new JsonArray([.. model.TokenizerFiles.Select(path => JsonValue.Create(path))]),
        ["config"] = ModelConfigJson.ToJsonObject(config),
    }.ToJsonString(Indented);
}
