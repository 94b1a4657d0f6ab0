using BenchmarkDotNet.Attributes;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Gemm;

namespace CircuitBench.Benchmarks;

/// <summary>
/// A random-weight model's forward (no tape) and forward + backward of L = Σ_b logsumexp(logits[b, last]) to every
/// parameter and activation, batch 8 × 64 tokens, on the managed GEMM with 2 threads: the work of
/// <c>circuit-bench bench model</c> and tools/reference/bench_gpt2_torch.py. Run with <c>--filter *ModelBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class ModelBenchmarks
{
    private const int Batch = 8;
    private const int Seq = 64;
    private const int Threads = 2;

    private IDisposable? _backend;
    private HookedTransformer _model = null!;
    private TokenBatch _tokens = null!;

    /// <summary>Preset name (see <see cref="ModelPresets"/>).</summary>
    [Params("toy-induction-2l", "gpt2-small")]
    public string Preset { get; set; } = "gpt2-small";

    /// <summary>Builds the model with seeded random weights (all requiring gradients) and a batch of random tokens.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _backend = Compute.Use(new ManagedGemm(Threads));
        var config = ModelPresets.Get(Preset);
        var weights = WeightInit.Random(config, seed: 0);
        weights.SetRequiresGrad(true);
        _model = new HookedTransformer(config, weights);
        var random = new Random(0);
        _tokens = new TokenBatch([.. Enumerable.Range(0, Batch).Select(_ => Enumerable.Range(0, Seq).Select(_ => random.Next(config.DVocab)).ToArray())]);
    }

    /// <summary>Restores the process default backend.</summary>
    [GlobalCleanup]
    public void Cleanup() => _backend?.Dispose();

    /// <summary>Logits [8, 64, vocab] without a tape.</summary>
    [Benchmark]
    public Tensor Forward() => _model.Forward(_tokens);

    /// <summary>Forward on a tape, then backward to all parameters (gradients cleared first).</summary>
    [Benchmark]
    public void ForwardBackward()
    {
        _model.Weights.ClearGrads();
        using var tape = GradTape.Begin();
        tape.Backward(Ops.Sum(Ops.LogSumExp(Ops.LastPosition(_model.Forward(_tokens)))));
    }
}
