using CircuitBench.Models.Architecture;
using CircuitBench.Models.Training;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Models.Tests.Training;

/// <summary>Head scores read the right entries of the pattern: checked with patterns forced through the hooks.</summary>
public sealed class HeadScoreTests
{
    private const int Half = 4;
    private const int Seq = 2 * Half + 1;
    private static readonly ModelConfig Config = new(DModel: 8, NLayers: 2, NHeads: 2, DHead: 4, DMlp: 0, DVocab: 6, NCtx: Seq, AttnOnly: true);

    /// <summary>A pattern [b, h, p, p] whose head 0 attends where <paramref name="key"/> says (and to itself when it says −1), head 1 to BOS.</summary>
    private static ForwardHook Force(Func<int, int> key) => (activation, _) =>
    {
        var pattern = Tensor.Zeros([.. activation.Shape]);
        for (var b = 0; b < activation.Dim(0); b++)
            for (var q = 0; q < Seq; q++)
            {
                var k = key(q) is var chosen && chosen >= 0 && chosen <= q ? chosen : q;
                pattern.Data[((b * 2 + 0) * Seq + q) * Seq + k] = 1f;
                pattern.Data[((b * 2 + 1) * Seq + q) * Seq + 0] = 1f;
            }
        return pattern;
    };

    [Fact]
    public void A_previous_token_head_and_an_induction_head_score_one_and_a_bos_head_scores_almost_zero()
    {
        var model = new HookedTransformer(Config, WeightInit.Random(Config, seed: 2));
        var rows = new TokenBatch([[0, 1, 2, 3, 4, 1, 2, 3, 4], [0, 5, 4, 3, 2, 5, 4, 3, 2]]);
        using var previous = model.Hooks.Registry["blocks.0.attn.hook_pattern"].Add(Force(q => q - 1));
        using var induction = model.Hooks.Registry["blocks.1.attn.hook_pattern"].Add(Force(q => q > Half ? q - Half + 1 : -1));
        var scores = HeadScore.Measure(model, rows);

        Assert.Equal([(0, 0), (0, 1), (1, 0), (1, 1)], scores.Select(s => (s.Layer, s.Head)));
        Assert.Equal(1.0, scores[0].PreviousToken, 1e-9);
        Assert.Equal(0.0, scores[0].Induction, 1e-9);
        Assert.Equal(1.0, scores[2].Induction, 1e-9);
        Assert.Equal(0.0, scores[2].PreviousToken, 1e-9);
        Assert.Equal(1.0 / (Seq - 1), scores[1].PreviousToken, 1e-9);      // only position 1's previous token is BOS
        Assert.Equal(0.0, scores[1].Induction, 1e-9);
    }

    [Fact]
    public void Rows_that_are_not_one_odd_length_are_refused()
    {
        var model = new HookedTransformer(Config, WeightInit.Random(Config, seed: 2));
        Assert.Throws<ArgumentException>(() => HeadScore.Measure(model, new TokenBatch([[0, 1, 1, 2], [0, 2, 2, 3]])));
        Assert.Throws<ArgumentException>(() => HeadScore.Measure(model, new TokenBatch([[0, 1, 1], [0, 2, 3, 2, 3]])));
    }
}
