using CircuitBench.Circuits.Metrics;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;

namespace CircuitBench.Circuits.Tests.Metrics;

public class MetricTests
{
    private const int Vocab = 7;
    private static readonly TokenBatch Clean = new([[1, 2, 3], [4, 5]]);
    private static readonly PromptSet Prompts = new(Clean, null, [[2, 5], [6]], [[0], [1, 3]]);
    private static readonly Tensor Logits = Tensor.Randn(5, [2, 3, Vocab], 2f);
    private static readonly Tensor CleanLogits = Tensor.Randn(6, [2, 3, Vocab], 2f);

    private static double[] Row(Tensor logits, int b, int p) => Enumerable.Range(0, Vocab).Select(v => (double)logits.Data[(b * 3 + p) * Vocab + v]).ToArray();

    private static double[] LogSoftmax(double[] x)
    {
        var max = x.Max();
        var lse = max + Math.Log(x.Sum(v => Math.Exp(v - max)));
        return x.Select(v => v - lse).ToArray();
    }

    private static double Kl(double[] p, double[] q)
    {
        var (lp, lq) = (LogSoftmax(p), LogSoftmax(q));
        return lp.Select((v, i) => Math.Exp(v) * (v - lq[i])).Sum();
    }

    private static void AssertPerPrompt(Metric metric, Func<int, double> expected)
    {
        var values = metric.PerPrompt(Logits, Prompts, CleanLogits).ToArray();
        Assert.Equal(2, values.Length);
        for (var b = 0; b < 2; b++) Assert.Equal(expected(b), values[b], 4);
        Assert.Equal((expected(0) + expected(1)) / 2, metric.Mean(Logits, Prompts, CleanLogits).Item(), 4);
    }

    [Fact]
    public void Logit_difference_averages_correct_and_wrong_answers()
    {
        AssertPerPrompt(new LogitDifference(), b =>
        {
            var x = Row(Logits, b, Clean.Lengths[b] - 1);
            return Prompts.Answers[b].Average(a => x[a]) - Prompts.WrongAnswers[b].Average(a => x[a]);
        });
    }

    [Fact]
    public void Probability_difference_sums_the_answer_sets()
    {
        AssertPerPrompt(new ProbabilityDifference(), b =>
        {
            var p = LogSoftmax(Row(Logits, b, Clean.Lengths[b] - 1)).Select(Math.Exp).ToArray();
            return Prompts.Answers[b].Sum(a => p[a]) - Prompts.WrongAnswers[b].Sum(a => p[a]);
        });
    }

    [Fact]
    public void Log_probability_and_cross_entropy_read_the_answer_position()
    {
        AssertPerPrompt(new AnswerLogProbability(), b => Prompts.Answers[b].Average(a => LogSoftmax(Row(Logits, b, Clean.Lengths[b] - 1))[a]));
        AssertPerPrompt(new AnswerCrossEntropy(), b => -LogSoftmax(Row(Logits, b, Clean.Lengths[b] - 1))[Prompts.Answers[b][0]]);
    }

    [Fact]
    public void Kl_compares_with_the_clean_logits_at_the_answer_or_over_real_positions()
    {
        AssertPerPrompt(new KlDivergenceMetric(), b => Kl(Row(CleanLogits, b, Clean.Lengths[b] - 1), Row(Logits, b, Clean.Lengths[b] - 1)));
        AssertPerPrompt(new KlDivergenceMetric(allPositions: true),
            b => Enumerable.Range(0, Clean.Lengths[b]).Average(p => Kl(Row(CleanLogits, b, p), Row(Logits, b, p))));
        Assert.Equal(0f, new KlDivergenceMetric().Mean(CleanLogits, Prompts, CleanLogits).Item(), 6);
        Assert.Throws<ArgumentException>(() => new KlDivergenceMetric().PerPrompt(Logits, Prompts));
    }

    [Fact]
    public void Registry_knows_every_metric_and_names_them_in_errors()
    {
        Assert.Equal("logit-diff", MetricRegistry.Get("logit-diff").Name);
        Assert.Contains("prob-diff", Assert.Throws<ArgumentException>(() => MetricRegistry.Get("accuracy")).Message);
        Assert.Throws<ArgumentException>(() => new PromptSet(Clean, null, [[1]], [[2], [3]]));
    }
}
