using CircuitBench.Circuits.Graph;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Rng;

namespace CircuitBench.Circuits.Tests.Patching;

/// <summary>A small random GPT-2 (with MLPs) or attention-only model and random clean/corrupted batches.</summary>
internal static class TinyModel
{
    public static HookedTransformer Create(bool attnOnly = false, float std = 0.3f)
    {
        var config = new ModelConfig(DModel: 16, NLayers: 2, NHeads: 3, DHead: 4, DMlp: 24, DVocab: 13, NCtx: 8, AttnOnly: attnOnly);
        var init = WeightInit.Random(config, seed: 11);
        // Larger weights than GPT-2's 0.02 so that every path matters numerically.
        foreach (var (_, t) in init.Named())
            if (t.Rank == 2) System.Numerics.Tensors.TensorPrimitives.Multiply(t.Data, std / 0.02f, t.Data);
        return new HookedTransformer(config, init);
    }

    public static TokenBatch Batch(ulong seed, int batch = 3, int seq = 6, int vocab = 13) =>
        new(Enumerable.Range(0, batch).Select(b => Enumerable.Range(0, seq).Select(p => CounterRng.NextInt(seed, (ulong)(b * seq + p), vocab)).ToArray()).ToArray());

    public static Tensor Ones(CircuitGraph graph) => Tensor.Ones(graph.Sources.Count, graph.Destinations.Count);

    public static void AssertClose(float[] expected, float[] actual, double relative = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = expected.Max(Math.Abs);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * scale, $"element {i}: expected {expected[i]}, got {actual[i]} (scale {scale})");
    }
}
