using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Evaluation;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Circuits.Tests.Patching;
using CircuitBench.Tensors;

namespace CircuitBench.Circuits.Tests.Attribution;

/// <summary>Tests that read <see cref="Tensor.LiveStorage"/>, a process-wide count: they run alone.</summary>
[CollectionDefinition(nameof(PoolAccountingCollection), DisableParallelization = true)]
public sealed class PoolAccountingCollection;

/// <summary>Algorithms that run many forwards give each one's tensors back to the pool instead of leaving them to the GC.</summary>
[Collection(nameof(PoolAccountingCollection))]
public class PooledStorageTests
{
    [Fact]
    public void Acdc_and_a_faithfulness_curve_hold_no_tensor_per_forward_once_done()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = new PromptSet(TinyModel.Batch(1), TinyModel.Batch(2), [[3], [7], [1, 2]], [[5], [0], [4]]);
        var ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted);
        var before = Tensor.LiveStorage;
        var result = Acdc.Run(model, graph, prompts, new KlDivergenceMetric(), ablated, [0, 1e-3, 1e-2, 1e-1]);
        var curve = Faithfulness.Curve(model, graph, prompts, MetricRegistry.Get("logit-diff"), result.Scores.EdgeScores, ablated);
        var forwards = result.Scores.Cost.Forwards + curve.Points.Count + 2;
        var held = Tensor.LiveStorage - before;
        Assert.True(forwards > 50, $"only {forwards} forwards: too few to tell a leak from the results");
        Assert.True(held < forwards / 4, $"{held} tensors still hold pooled storage after {forwards} forwards");
    }
}
