using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Gemm;

namespace CircuitBench.Models.Tests.Architecture;

/// <summary>A forward+backward gives the same bits on 1 and 2 threads of the managed backend, and on a repeat.</summary>
public sealed class ThreadCountDeterminismTests
{
    // Big enough that the GEMMs and the parallel row and element loops really split across threads.
    private static readonly ModelConfig Config = new(DModel: 256, NLayers: 2, NHeads: 4, DHead: 64, DMlp: 1024, DVocab: 300, NCtx: 64);

    [Fact]
    public void Logits_and_every_gradient_are_bit_identical_for_one_and_two_threads()
    {
        var one = Run(new ManagedGemm(1));
        var two = Run(new ManagedGemm(2));
        var again = Run(new ManagedGemm(2));
        Assert.Equal(one.Count, two.Count);
        foreach (var (name, bits) in one)
        {
            Assert.True(bits.SequenceEqual(two[name]), $"{name} differs between 1 and 2 threads");
            Assert.True(bits.SequenceEqual(again[name]), $"{name} differs between two runs");
        }
    }

    /// <summary>Logits and each parameter's gradient of L = Σ_b logsumexp(logits[b, last]) as raw bits, by name.</summary>
    private static Dictionary<string, int[]> Run(IGemmBackend backend)
    {
        using var scope = Compute.Use(backend);
        var weights = WeightInit.Random(Config, seed: 3);
        weights.SetRequiresGrad(true);
        var model = new HookedTransformer(Config, weights);
        var random = new Random(5);
        var batch = new TokenBatch([.. Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 32).Select(_ => random.Next(Config.DVocab)).ToArray())]);
        using var tape = GradTape.Begin();
        var logits = model.Forward(batch);
        var result = new Dictionary<string, int[]> { ["logits"] = Bits(logits) };
        tape.Backward(Ops.Sum(Ops.LogSumExp(Ops.LastPosition(logits))));
        foreach (var (name, tensor) in weights.Named()) result[name] = Bits(tensor.Grad!);
        return result;
    }

    private static int[] Bits(Tensor t) => [.. t.ToArray().Select(BitConverter.SingleToInt32Bits)];
}
