using CircuitBench.Tensors;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Models.Architecture;

/// <summary>TransformerLens-style <c>run_with_cache</c> and <c>run_with_hooks</c>: hooks live only for one call.</summary>
public static class HookedRuns
{
    /// <summary>
    /// Runs the model and keeps the activations of the hook points <paramref name="names"/> selects.
    /// Without a filter every point is kept except the per-head inputs (<c>hook_q_input</c>, …) and
    /// per-head outputs (<c>attn.hook_result</c>), which change what the forward computes (h copies of
    /// the residual stream); name them in the filter to cache them.
    /// </summary>
    public static (Tensor Logits, ActivationCache Cache) RunWithCache(this HookedTransformer model, TokenBatch batch, Func<string, bool>? names = null)
    {
        names ??= IsCachedByDefault;
        var cache = new ActivationCache();
        var hooks = model.Hooks.Registry.All
            .Where(p => names(p.Name))
            .Select(p => (p.Name, (ForwardHook)((activation, point) => { cache.Add(point.Name, activation); return null; })))
            .ToArray();
        var logits = model.RunWithHooks(batch, hooks);
        return (logits, cache);
    }

    /// <summary>Runs the model with extra forward hooks attached for this call only.</summary>
    public static Tensor RunWithHooks(this HookedTransformer model, TokenBatch batch, params (string Name, ForwardHook Hook)[] hooks) =>
        WithHooks(model, hooks, () => model.Forward(batch));

    /// <summary>
    /// <see cref="RunWithHooks"/> stopped after the first <paramref name="stopAtLayer"/> blocks (TransformerLens'
    /// <c>stop_at_layer</c>): returns the residual stream [b, p, d_model]; no later hook point runs.
    /// </summary>
    public static Tensor RunWithHooksUntil(this HookedTransformer model, TokenBatch batch, int stopAtLayer, params (string Name, ForwardHook Hook)[] hooks) =>
        WithHooks(model, hooks, () => model.Forward(batch, stopAtLayer));

    private static Tensor WithHooks(HookedTransformer model, (string Name, ForwardHook Hook)[] hooks, Func<Tensor> run)
    {
        var handles = new List<IDisposable>(hooks.Length);
        try
        {
            foreach (var (name, hook) in hooks) handles.Add(model.Hooks.Registry[name].Add(hook));
            return run();
        }
        finally
        {
            foreach (var handle in handles) handle.Dispose();
        }
    }

    private static bool IsCachedByDefault(string name) =>
        !name.EndsWith("_input", StringComparison.Ordinal) && !name.EndsWith("attn.hook_result", StringComparison.Ordinal);
}
