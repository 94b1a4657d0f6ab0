using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Circuits.Tests.Patching;

public class EdgePatchingTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Keeping_every_edge_gives_exactly_the_clean_logits(bool attnOnly)
    {
        var model = TinyModel.Create(attnOnly);
        var graph = CircuitGraph.FromConfig(model.Config);
        var (clean, corrupt) = (TinyModel.Batch(1), TinyModel.Batch(2));
        var ablated = Ablation.For(AblationKind.Resample, model, clean, corrupt);
        Assert.Equal(model.Forward(clean).ToArray(), EdgePatching.Forward(model, graph, clean, TinyModel.Ones(graph), ablated).ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ablating_every_edge_with_resample_gives_the_corrupted_logits(bool attnOnly)
    {
        var model = TinyModel.Create(attnOnly);
        var graph = CircuitGraph.FromConfig(model.Config);
        var (clean, corrupt) = (TinyModel.Batch(1), TinyModel.Batch(2));
        var ablated = Ablation.For(AblationKind.Resample, model, clean, corrupt);
        var patched = EdgePatching.Forward(model, graph, clean, Tensor.Zeros(graph.Sources.Count, graph.Destinations.Count), ablated);
        TinyModel.AssertClose(model.Forward(corrupt).ToArray(), patched.ToArray());
    }

    [Fact]
    public void Patching_one_edge_changes_only_that_sources_part_of_that_destination_input()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var (clean, corrupt) = (TinyModel.Batch(1), TinyModel.Batch(2));
        var edge = graph.Edge("a0.h1->a1.h2<k>");
        var weights = TinyModel.Ones(graph);
        weights.Data[edge.SourceIndex * graph.Destinations.Count + edge.DestinationIndex] = 0f;
        var patched = EdgePatching.Forward(model, graph, clean, weights, Ablation.For(AblationKind.Resample, model, clean, corrupt));

        // Independently: head 2's key input in layer 1 loses a0.h1's clean output and gains its corrupted one.
        var cleanOut = SourceActivations.Capture(model, clean).Heads[0];                        // [b, p, h, d]
        var corruptOut = SourceActivations.Capture(model, corrupt).Heads[0];
        var d = model.Config.DModel;
        ForwardHook manual = (input, _) =>                                                      // input [b, p, h, d]
        {
            var copy = input.Clone();
            for (var bp = 0; bp < clean.Batch * clean.Seq; bp++)
            for (var i = 0; i < d; i++)
                copy.Data[(bp * 3 + 2) * d + i] += corruptOut.Data[(bp * 3 + 1) * d + i] - cleanOut.Data[(bp * 3 + 1) * d + i];
            return copy;
        };
        var expected = model.RunWithHooks(clean, ("blocks.1.hook_k_input", manual));
        TinyModel.AssertClose(expected.ToArray(), patched.ToArray());
        Assert.NotEqual(model.Forward(clean).ToArray(), patched.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_taped_and_the_direct_patching_paths_agree_for_real_weights(bool attnOnly)
    {
        var model = TinyModel.Create(attnOnly);
        var graph = CircuitGraph.FromConfig(model.Config);
        var (clean, corrupt) = (TinyModel.Batch(1), TinyModel.Batch(2));
        var ablated = Ablation.For(AblationKind.Mean, model, clean, reference: [corrupt]);
        var weights = TinyModel.Ones(graph);
        for (var i = 0; i < weights.Size; i++) weights.Data[i] = Tensors.Rng.CounterRng.NextInt(5, (ulong)i, 5) / 4f;   // 0, ¼, ½, ¾, 1
        float[] direct, taped;
        using (GradTape.NoGrad()) direct = EdgePatching.Forward(model, graph, clean, weights, ablated).ToArray();
        using (GradTape.Begin()) taped = EdgePatching.Forward(model, graph, clean, weights, ablated).ToArray();
        TinyModel.AssertClose(taped, direct);
        Assert.NotEqual(model.Forward(clean).ToArray(), direct);
    }

    [Fact]
    public void Zero_ablating_every_edge_into_the_logits_leaves_only_the_biases()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var clean = TinyModel.Batch(1);
        var weights = TinyModel.Ones(graph);
        var logitsColumn = graph.DestinationIndex("logits");
        for (var s = 0; s < graph.Sources.Count; s++) weights.Data[s * graph.Destinations.Count + logitsColumn] = 0f;
        var patched = EdgePatching.Forward(model, graph, clean, weights, SourceActivations.Zeros(model.Config));
        // The final residual is then Σ_l b_O(l) + b_out(l) at every position.
        var bias = Tensor.Zeros(model.Config.DModel);
        foreach (var block in model.Weights.Blocks) bias = Ops.Add(Ops.Add(bias, block.BO), block.BOut!);
        var expected = model.RunWithHooks(clean, ($"blocks.1.hook_resid_post", (ForwardHook)((a, _) => Ops.Add(Ops.Scale(a, 0f), bias)))).ToArray();
        // The patched residual is the clean one minus every source's output: float cancellation leaves rounding of the
        // residual's size, which the final LayerNorm scales up when the biases are zero; measure it on the logits' scale.
        var scale = model.Forward(clean).ToArray().Max(Math.Abs);
        var actual = patched.ToArray();
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 * scale, $"element {i}: expected {expected[i]}, got {actual[i]} (logit scale {scale})");
    }

    [Fact]
    public void Real_valued_weights_get_gradients_that_match_finite_differences()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var (clean, corrupt) = (TinyModel.Batch(1), TinyModel.Batch(2));
        var ablated = Ablation.For(AblationKind.Resample, model, clean, corrupt);
        var weights = Tensor.Full(0.7f, graph.Sources.Count, graph.Destinations.Count);
        weights.RequiresGrad = true;
        float Loss(Tensor w) => Ops.Sum(Ops.LogSumExp(Ops.SelectPositions(EdgePatching.Forward(model, graph, clean, w, ablated), clean.LastPositions))).Item();
        using (var tape = GradTape.Begin())
            tape.Backward(Ops.Sum(Ops.LogSumExp(Ops.SelectPositions(EdgePatching.Forward(model, graph, clean, weights, ablated), clean.LastPositions))));
        foreach (var name in new[] { "input->logits", "a0.h1->a1.h2<k>", "m0->a1.h0<q>", "a1.h2->m1", "input->a0.h0<v>" })
        {
            var e = graph.Edge(name);
            var index = e.SourceIndex * graph.Destinations.Count + e.DestinationIndex;
            var probe = weights.Clone();
            probe.Data[index] += 0.05f;
            var plus = Loss(probe);
            probe.Data[index] -= 0.1f;
            var minus = Loss(probe);
            var numeric = (plus - minus) / 0.1;
            Assert.True(Math.Abs(weights.Grad!.Data[index] - numeric) <= 2e-3 + 3e-2 * Math.Abs(numeric), $"{name}: analytic {weights.Grad!.Data[index]} vs numeric {numeric}");
        }
    }

    [Fact]
    public void Mismatched_weights_and_batches_are_rejected()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var clean = TinyModel.Batch(1);
        Assert.Throws<ArgumentException>(() => EdgePatching.Forward(model, graph, clean, Tensor.Ones(3, 3), SourceActivations.Zeros(model.Config)));
        var ex = Assert.Throws<ArgumentException>(() => Ablation.For(AblationKind.Resample, model, clean, TinyModel.Batch(2, seq: 5)));
        Assert.Contains("equal token lengths", ex.Message);
        Assert.Contains("mean, mean-positional", Assert.Throws<ArgumentException>(() => Ablation.Parse("average")).Message);
    }
}
