using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Models.Tests.Architecture;

/// <summary>Our GPT-2 against an independent PyTorch implementation: logits, every hook activation and its gradient.</summary>
public sealed class Gpt2GoldenTests : IDisposable
{
    private const double Tolerance = 1e-4;
    private readonly GoldenGpt2 _fixture = new();

    [Fact]
    public void Logits_match_pytorch()
    {
        var logits = _fixture.Model.Forward(_fixture.Batch);
        AssertMatches("logits", _fixture.Read("logits"), logits, positionAxis: 1);
    }

    [Fact]
    public void Every_hook_activation_matches_pytorch()
    {
        var names = _fixture.HookNames.ToHashSet();
        var (_, cache) = _fixture.Model.RunWithCache(_fixture.Batch, names.Contains);
        Assert.Equal(names.Order(), cache.Names.Order());
        foreach (var name in names)
            AssertMatches(name, _fixture.Read("act." + name), cache[name], PositionAxis(name));
    }

    [Fact]
    public void Every_hook_gradient_matches_pytorch()
    {
        var grads = new Dictionary<string, Tensor>();
        using var tape = GradTape.Begin();
        var hooks = _fixture.HookNames.Select(name => (name, (ForwardHook)((activation, point) =>
        {
            if (!activation.RequiresGrad) activation.RequiresGrad = true; // embeddings: start the differentiable graph here
            activation.RegisterGradHook(g => grads[point.Name] = g.Clone());
            return null;
        }))).ToArray();
        var logits = _fixture.Model.RunWithHooks(_fixture.Batch, hooks);
        tape.Backward(SumOfLastLogSumExp(logits, _fixture.Batch.LastPositions));
        foreach (var name in _fixture.HookNames)
        {
            Assert.True(grads.ContainsKey(name), $"no gradient reached {name}");
            AssertMatches("grad " + name, _fixture.Read("grad." + name), grads[name], PositionAxis(name));
        }
    }

    [Fact]
    public void Split_inputs_and_per_head_results_leave_the_logits_unchanged()
    {
        var plain = _fixture.Model.Forward(_fixture.Batch).ToArray();
        var points = _fixture.Model.Hooks.Registry.All.Where(p => p.Name.EndsWith("_input", StringComparison.Ordinal) || p.Name.EndsWith("hook_result", StringComparison.Ordinal));
        var split = _fixture.Model.RunWithHooks(_fixture.Batch, points.Select(p => (p.Name, (ForwardHook)((_, _) => null))).ToArray()).ToArray();
        var scale = plain.Max(Math.Abs);
        for (var i = 0; i < plain.Length; i++) Assert.True(Math.Abs(plain[i] - split[i]) <= 1e-5 * scale, $"logit {i}: {plain[i]} vs {split[i]}");
    }

    [Fact]
    public void Stopping_at_a_layer_returns_its_residual_stream_and_runs_nothing_after_it()
    {
        var model = _fixture.Model;
        var (_, cache) = model.RunWithCache(_fixture.Batch, name => name.EndsWith("hook_resid_post", StringComparison.Ordinal) || name == "blocks.0.hook_resid_pre");
        Assert.Equal(cache["blocks.0.hook_resid_pre"].ToArray(), model.Forward(_fixture.Batch, stopAtLayer: 0).ToArray());
        var later = new List<string>();
        ForwardHook note = (_, point) => { later.Add(point.Name); return null; };
        for (var n = 1; n <= model.Config.NLayers; n++)
        {
            later.Clear();
            (string, ForwardHook)[] hooks = [("ln_final.hook_normalized", note), .. Enumerable.Range(n, model.Config.NLayers - n).Select(l => ($"blocks.{l}.hook_resid_pre", note))];
            var resid = model.RunWithHooksUntil(_fixture.Batch, n, hooks);
            Assert.Equal(cache[$"blocks.{n - 1}.hook_resid_post"].ToArray(), resid.ToArray());
            Assert.Empty(later);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward(_fixture.Batch, stopAtLayer: model.Config.NLayers + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward(_fixture.Batch, stopAtLayer: -1));
    }

    /// <summary>L = Σ_b logsumexp(logits[b, last_b]) = Σ_b (x₀ − log_softmax(x)₀).</summary>
    internal static Tensor SumOfLastLogSumExp(Tensor logits, int[] lastPositions)
    {
        var last = Ops.SelectPositions(logits, lastPositions);                    // [b, vocab]
        var lse = Ops.Sub(Ops.Narrow(last, -1, 0, 1), Ops.Narrow(Ops.LogSoftmax(last), -1, 0, 1));
        return Ops.Sum(lse);
    }

    /// <summary>The axis holding query positions: 2 for patterns [b, h, q, k], else 1.</summary>
    private static int PositionAxis(string name) => name.EndsWith("hook_pattern", StringComparison.Ordinal) ? 2 : 1;

    /// <summary>max |ours − golden| ≤ tolerance · max |golden|, over real (unpadded) positions.</summary>
    private void AssertMatches(string what, float[] golden, Tensor actual, int positionAxis)
    {
        Assert.Equal(golden.Length, actual.Size);
        var shape = actual.Shape.ToArray();
        var inner = shape.Skip(positionAxis + 1).Aggregate(1, (a, d) => a * d);
        var seq = shape[positionAxis];
        var perBatch = actual.Size / shape[0];
        double maxDiff = 0, maxRef = 0;
        for (var i = 0; i < golden.Length; i++)
        {
            var position = i % perBatch / inner % seq;
            if (position >= _fixture.Lengths[i / perBatch]) continue;
            maxDiff = Math.Max(maxDiff, Math.Abs(golden[i] - actual.Data[i]));
            maxRef = Math.Max(maxRef, Math.Abs(golden[i]));
        }
        Assert.True(maxRef > 0, $"{what}: the golden values are all zero");
        Assert.True(maxDiff <= Tolerance * maxRef, $"{what}: max |diff| {maxDiff:G4} vs max |golden| {maxRef:G4} (relative {maxDiff / maxRef:G3} > {Tolerance})");
    }

    public void Dispose() => _fixture.Dispose();
}
