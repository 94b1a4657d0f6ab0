using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Rng;

namespace CircuitBench.Models.Training;

/// <summary>
/// Modular addition: rows [BOS, a, b, =] whose last position predicts (a + b) mod p, with a and b uniform in
/// [0, p). Tokens 0 … p − 1 are the numbers, p is <c>=</c>, p + 1 is BOS. The answer is not a sum of a function of a and
/// one of b (what attention can move into the last position and the unembedding read linearly), so a
/// model needs a non-linear combination of the two operands: the MLPs compute it. Trained and evaluated on the full
/// table of p² pairs (the task stores a computation in the MLPs; it does not test generalisation to unseen pairs).
/// </summary>
/// <param name="Modulus">p.</param>
public sealed record ModularAdditionTask(int Modulus) : ISyntheticTask
{
    /// <summary>The vocabulary size p + 2.</summary>
    public int Vocab => Modulus + 2;

    /// <summary>The <c>=</c> token.</summary>
    public int EqualsToken => Modulus;

    /// <summary>The BOS token.</summary>
    public int Bos => Modulus + 1;

    /// <inheritdoc />
    public string Description => $"[BOS, a, b, =] -> (a + b) mod {Modulus}; the MLPs combine the operands.";

    /// <inheritdoc />
    public TrainingBatch Rows(ulong seed, long firstRow, int rows) => Batch(Enumerable.Range(0, rows).Select(r =>
    {
        var rowSeed = StreamSeeds.Row(seed, firstRow + r);
        return (CounterRng.NextInt(rowSeed, 0, Modulus), CounterRng.NextInt(rowSeed, 1, Modulus));
    }));

    /// <summary>
    /// Accuracy and loss at the <c>=</c> position over all p² pairs (<paramref name="seed"/> is not needed: the table is
    /// fixed), and the accuracy with every MLP output zero-ablated, which shows how much of the task the MLPs do.
    /// </summary>
    public TaskEvaluation Evaluate(HookedTransformer model, ulong seed)
    {
        var table = Batch(Enumerable.Range(0, Modulus * Modulus).Select(n => (n / Modulus, n % Modulus)));
        bool Answered(int i) => table.Targets[i] != TrainingBatch.Ignore;
        var scores = TargetScores.Of(model, table);
        var metrics = new List<EvaluationMetric>
        {
            new("accuracy", scores.Accuracy(Answered), $"Top-1 accuracy of (a + b) mod {Modulus} over all {Modulus * Modulus} pairs."),
            new("loss", scores.MeanLoss(Answered), "Mean cross-entropy of the answer over all pairs."),
            new("uniform_loss", Math.Log(Modulus), $"ln({Modulus}): the loss of a uniform guess over the answers."),
        };
        if (!model.Config.AttnOnly)
        {
            var zeroMlps = Enumerable.Range(0, model.Config.NLayers)
                .Select(l => ($"blocks.{l}.hook_mlp_out", (Tensors.Hooks.ForwardHook)((activation, _) => Tensor.Zeros([.. activation.Shape]))))
                .ToArray();
            metrics.Add(new("accuracy_mlps_zero_ablated", TargetScores.Of(model, table, zeroMlps).Accuracy(Answered),
                "Accuracy with every MLP output replaced by zeros."));
        }
        return new TaskEvaluation(metrics, []);
    }

    private TrainingBatch Batch(IEnumerable<(int A, int B)> pairs)
    {
        var rows = pairs.Select(p => new[] { Bos, p.A, p.B, EqualsToken }).ToArray();
        var tokens = new TokenBatch(rows);
        var targets = new int[rows.Length * 4];
        Array.Fill(targets, TrainingBatch.Ignore);
        for (var r = 0; r < rows.Length; r++) targets[r * 4 + 3] = (rows[r][1] + rows[r][2]) % Modulus;
        return new TrainingBatch(tokens, targets);
    }
}
