using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;

namespace CircuitBench.Circuits.Patching;

/// <summary>What an ablated edge carries instead of its source's output (names as in EAP-IG).</summary>
public enum AblationKind
{
    /// <summary><c>resample</c> (activation patching): the source's output on the corrupted prompt.</summary>
    Resample,

    /// <summary><c>mean</c>: the source's output averaged over every real token of a reference dataset.</summary>
    Mean,

    /// <summary><c>mean-positional</c>: averaged over the reference prompts at each position (equal lengths required).</summary>
    MeanPositional,

    /// <summary><c>zero</c>: nothing.</summary>
    Zero,
}

/// <summary>Builds the ablated source outputs for each <see cref="AblationKind"/>.</summary>
public static class Ablation
{
    /// <summary>The CLI / spec names: resample, mean, mean-positional, zero.</summary>
    public static IReadOnlyList<string> Names { get; } = ["resample", "mean", "mean-positional", "zero"];

    /// <summary>Parses a name from <see cref="Names"/>; anything else is an error listing them.</summary>
    public static AblationKind Parse(string name) => name switch
    {
        "resample" => AblationKind.Resample,
        "mean" => AblationKind.Mean,
        "mean-positional" => AblationKind.MeanPositional,
        "zero" => AblationKind.Zero,
        _ => throw new ArgumentException($"Unknown ablation '{name}'; use one of: {string.Join(", ", Names)}."),
    };

    /// <summary>
    /// Ablated outputs for patching a run on <paramref name="clean"/>: <paramref name="corrupted"/> is required
    /// for resample (same batch size and length as clean), <paramref name="reference"/> for the means.
    /// </summary>
    public static SourceActivations For(AblationKind kind, HookedTransformer model, TokenBatch clean,
        TokenBatch? corrupted = null, IReadOnlyList<TokenBatch>? reference = null) => kind switch
    {
        AblationKind.Resample => Resample(model, clean, corrupted ?? throw new ArgumentException("Resample ablation needs the corrupted prompts.")),
        AblationKind.Zero => SourceActivations.Zeros(model.Config),
        _ => MeanOver(model, reference ?? throw new ArgumentException($"{kind} ablation needs a reference dataset to average over."), kind == AblationKind.MeanPositional),
    };

    private static SourceActivations Resample(HookedTransformer model, TokenBatch clean, TokenBatch corrupted)
    {
        if (corrupted.Batch != clean.Batch || corrupted.Seq != clean.Seq)
            throw new ArgumentException($"Resample ablation: the corrupted batch is {corrupted.Batch}×{corrupted.Seq} tokens but the clean one is {clean.Batch}×{clean.Seq}; clean and corrupted prompts must pair up with equal token lengths.");
        return SourceActivations.Capture(model, corrupted);
    }

    /// <summary>
    /// Mean source outputs over the real tokens of every reference batch: [1, 1, k, d], or per position
    /// [1, p, k, d] (every reference prompt must then have the same length p).
    /// </summary>
    private static SourceActivations MeanOver(HookedTransformer model, IReadOnlyList<TokenBatch> reference, bool perPosition)
    {
        if (reference.Count == 0) throw new ArgumentException("The reference dataset for a mean ablation is empty.");
        var lengths = reference.SelectMany(b => b.Lengths).Distinct().ToArray();
        if (perPosition && lengths.Length != 1)
            throw new ArgumentException($"mean-positional ablation needs reference prompts of one token length; found lengths {string.Join(", ", lengths.Order())}. Use mean, or equal-length prompts.");
        SourceActivations? sum = null;
        var count = 0;
        foreach (var batch in reference)
        {
            var captured = SourceActivations.Capture(model, batch);
            var summed = captured.Map(chunk => SumRealTokens(chunk, batch.Lengths, perPosition));
            sum = sum is null ? summed : Add(sum, summed);
            count += perPosition ? batch.Batch : batch.Lengths.Sum();
        }
        return sum!.Map(chunk => Ops.Scale(chunk, 1f / count));
    }

    private static SourceActivations Add(SourceActivations a, SourceActivations b)
    {
        var chunksB = b.Chunks().ToArray();
        var i = 0;
        return a.Map(chunk => Ops.Add(chunk, chunksB[i++]));
    }

    /// <summary>chunk [b, p, k, d] summed over rows and real positions → [1, 1, k, d], or over rows only → [1, p, k, d].</summary>
    private static Tensor SumRealTokens(Tensor chunk, int[] lengths, bool perPosition)
    {
        var (b, p, k, d) = (chunk.Dim(0), chunk.Dim(1), chunk.Dim(2), chunk.Dim(3));
        var inner = k * d;
        var result = Tensor.Zeros(1, perPosition ? p : 1, k, d);
        for (var row = 0; row < b; row++)
        for (var pos = 0; pos < lengths[row]; pos++)
        {
            var target = result.Data.Slice(perPosition ? pos * inner : 0, inner);
            var source = chunk.Data.Slice((row * p + pos) * inner, inner);
            System.Numerics.Tensors.TensorPrimitives.Add(target, source, target);
        }
        return result;
    }
}
