using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Cli.Benchmarking;

/// <summary>Median seconds of one forward (no tape) and of one forward plus backward.</summary>
/// <param name="ForwardSeconds">Logits of the batch, no gradient tape.</param>
/// <param name="ForwardBackwardSeconds">Forward on a tape, then backward of <see cref="ModelTiming.Objective"/> to every parameter and activation.</param>
public sealed record ModelTimingResult(double ForwardSeconds, double ForwardBackwardSeconds);

/// <summary>Times a transformer with random seeded weights on a batch of random tokens (the same work as tools/reference/bench_gpt2_torch.py).</summary>
public static class ModelTiming
{
    /// <summary>Untimed runs of each measurement before timing (JIT, first-touch page faults, pools filling).</summary>
    public const int WarmUpRuns = 1;

    /// <summary>A model of architecture <paramref name="config"/> with weights <c>WeightInit.Random(config, seed)</c>, every parameter requiring a gradient.</summary>
    public static HookedTransformer RandomModel(ModelConfig config, ulong seed)
    {
        var weights = WeightInit.Random(config, seed);
        weights.SetRequiresGrad(true);
        return new HookedTransformer(config, weights);
    }

    /// <summary>A [batch, seq] batch of token ids drawn uniformly from the vocabulary with a fixed seed.</summary>
    public static TokenBatch RandomTokens(int vocab, int batch, int seq, int seed)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, batch).Select(_ => Enumerable.Range(0, seq).Select(_ => random.Next(vocab)).ToArray()).ToArray();
        return new TokenBatch(rows);
    }

    /// <summary>L = Σ_b logsumexp(logits[b, last position]): logits [b, p, vocab] → scalar.</summary>
    public static Tensor Objective(Tensor logits) => Ops.Sum(Ops.LogSumExp(Ops.LastPosition(logits)));

    /// <summary>One forward without a tape; its intermediates and logits go back to the pool afterwards.</summary>
    public static void Forward(HookedTransformer model, TokenBatch tokens)
    {
        using var scope = TensorScope.Begin();
        model.Forward(tokens);
    }

    /// <summary>
    /// One forward plus backward of <see cref="Objective"/>; parameter gradients are cleared first (PyTorch's
    /// zero_grad(set_to_none=True)), and everything but them goes back to the pool afterwards.
    /// </summary>
    public static void ForwardBackward(HookedTransformer model, TokenBatch tokens)
    {
        model.Weights.ClearGrads();
        using var scope = TensorScope.Begin();
        using var tape = GradTape.Begin();
        tape.Backward(Objective(model.Forward(tokens)));
    }

    /// <summary>Times <paramref name="repeats"/> forwards and forward-backwards after <see cref="WarmUpRuns"/> warm-up runs each; returns the medians.</summary>
    public static ModelTimingResult Measure(HookedTransformer model, TokenBatch tokens, int repeats)
    {
        ArgumentNullException.ThrowIfNull(model);
        double forward = Timings.MedianSeconds(() => Forward(model, tokens), WarmUpRuns, repeats);
        double forwardBackward = Timings.MedianSeconds(() => ForwardBackward(model, tokens), WarmUpRuns, repeats);
        return new ModelTimingResult(forward, forwardBackward);
    }
}
