using CircuitBench.Circuits.Data;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Models.Architecture;
using CircuitBench.Safetensors;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Pipeline.Runs;

/// <summary>
/// A run's optional caches as safetensors, named <c>batch{n}.{clean|corrupt}.{hook}</c> and <c>batch{n}.{hook}</c>.
/// <c>activations.safetensors</c>: every source output (<c>blocks.0.hook_resid_pre</c>, <c>blocks.{l}.attn.hook_result</c>
/// [b, p, h, d], <c>blocks.{l}.hook_mlp_out</c>) on the clean and corrupted prompts. <c>gradients.safetensors</c>: the
/// gradient of the batch-mean metric at every destination input on the clean prompts (<c>blocks.{l}.hook_{q,k,v}_input</c>
/// [b, p, h, d], <c>blocks.{l}.hook_mlp_in</c>, the last <c>hook_resid_post</c>) — EAP's ∂m/∂x_d.
/// </summary>
public static class RunCaches
{
    /// <summary>File of the activations.</summary>
    public const string ActivationsFile = "activations.safetensors";

    /// <summary>File of the gradients.</summary>
    public const string GradientsFile = "gradients.safetensors";

    /// <summary>The source hook points of <paramref name="config"/>.</summary>
    public static IReadOnlyList<string> SourceHooks(ModelConfig config) =>
        ["blocks.0.hook_resid_pre", .. Enumerable.Range(0, config.NLayers).SelectMany(l => config.AttnOnly
            ? [$"blocks.{l}.attn.hook_result"] : new[] { $"blocks.{l}.attn.hook_result", $"blocks.{l}.hook_mlp_out" })];

    /// <summary>The destination-input hook points of <paramref name="config"/>.</summary>
    public static IReadOnlyList<string> DestinationHooks(ModelConfig config) =>
        [.. Enumerable.Range(0, config.NLayers).SelectMany(l => new[] { $"blocks.{l}.hook_q_input", $"blocks.{l}.hook_k_input", $"blocks.{l}.hook_v_input" }
            .Concat(config.AttnOnly ? [] : [$"blocks.{l}.hook_mlp_in"])), $"blocks.{config.NLayers - 1}.hook_resid_post"];

    /// <summary>Writes the activation cache of <paramref name="batches"/> into <paramref name="folder"/>.</summary>
    public static void WriteActivations(HookedTransformer model, IReadOnlyList<PromptSet> batches, string folder)
    {
        var writer = new SafetensorsWriter();
        var sources = SourceHooks(model.Config).ToHashSet(StringComparer.Ordinal);
        using var _ = GradTape.NoGrad();
        for (var n = 0; n < batches.Count; n++)
            foreach (var (side, tokens) in new[] { ("clean", batches[n].Clean), ("corrupt", batches[n].Corrupted) })
            {
                if (tokens is null) continue;
                var (_, cache) = model.RunWithCache(tokens, sources.Contains);
                foreach (var name in cache.Names) Add(writer, $"batch{n}.{side}.{name}", cache[name]);
            }
        writer.Write(Path.Combine(folder, ActivationsFile));
    }

    /// <summary>Writes the metric's gradients at every destination input of <paramref name="batches"/> into <paramref name="folder"/>.</summary>
    public static void WriteGradients(HookedTransformer model, IReadOnlyList<PromptSet> batches, Metric metric, string folder)
    {
        var writer = new SafetensorsWriter();
        for (var n = 0; n < batches.Count; n++)
        {
            var batch = batches[n];
            Tensor? cleanLogits = null;
            if (metric.NeedsCleanLogits)
                using (GradTape.NoGrad()) cleanLogits = model.Forward(batch.Clean);
            var kept = new List<(string Name, Tensor Activation)>();
            var hooks = new List<(string, ForwardHook)> { ("blocks.0.hook_resid_pre", (a, _) => { a.RequiresGrad = true; return null; }) };
            hooks.AddRange(DestinationHooks(model.Config).Select(name => (name, (ForwardHook)((a, _) => { kept.Add((name, a.RetainGrad())); return null; }))));
            using (var tape = GradTape.Begin())
            {
                var logits = model.RunWithHooks(batch.Clean, [.. hooks]);
                tape.Backward(metric.Mean(logits, batch, cleanLogits));
            }
            foreach (var (name, activation) in kept)
                Add(writer, $"batch{n}.{name}", activation.Grad ?? Tensor.Zeros(activation.Shape.ToArray()));
        }
        writer.Write(Path.Combine(folder, GradientsFile));
    }

    private static void Add(SafetensorsWriter writer, string name, Tensor tensor) =>
        writer.Add(name, tensor.Data, [.. tensor.Shape.ToArray().Select(s => (long)s)]);
}
