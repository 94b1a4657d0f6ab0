using CircuitBench.Pipeline.Specs;

namespace CircuitBench.Pipeline.Tests.Specs;

public sealed class SweepReaderTests
{
    private static readonly SpecVocabulary Vocabulary = new(["toy-induction", "toy-addition"]);

    private const string Sweep = """
        name: small
        axes:
          models: [toy-induction-2l, toy-mlp-2l]
          tasks: [toy-induction, toy-addition]
          algorithms: [eap, eap-ig-inputs, acdc]
          ablations: [resample, zero]
          metrics: [logit-diff, kl]
          seeds: [0, 1]
        excludes:
          - {models: toy-induction-2l, tasks: toy-addition}
          - {models: toy-mlp-2l, tasks: toy-induction}
          - {algorithms: eap-ig-inputs, ablations: zero}
        defaults:
          batch_size: 16
          num_examples: 8
        parameters:
          acdc: {thresholds: "logspace(-3,0,4)"}
          eap-ig-inputs: {ig_steps: 3}
        """;

    [Fact]
    public void Expands_the_product_minus_excludes_with_per_algorithm_parameters()
    {
        var sweep = SweepReader.Read(Sweep, "sweep.yaml", Vocabulary);
        // 2 model-task pairs x (eap 2 ablations + eap-ig-inputs 1 + acdc 2) x 2 metrics x 2 seeds.
        Assert.Equal(2 * 5 * 2 * 2, sweep.Cells.Count);
        Assert.Equal(sweep.Cells.Count, sweep.Cells.Select(c => c.Id).Distinct().Count());
        Assert.Equal("toy-induction-2l/toy-induction/eap/resample/logit-diff/seed0", sweep.Cells[0].Id);
        Assert.Equal("toy-induction-2l/toy-induction/eap/resample/logit-diff/seed1", sweep.Cells[1].Id);
        Assert.All(sweep.Cells, c => Assert.Equal((16, 8), (c.Spec.BatchSize, c.Spec.NumExamples)));
        Assert.All(sweep.Cells.Where(c => c.Spec.Algorithm == "acdc"), c => Assert.Equal("logspace(-3,0,4)", c.Spec.Thresholds));
        Assert.All(sweep.Cells.Where(c => c.Spec.Algorithm == "eap-ig-inputs"), c => Assert.Equal((3, "resample"), (c.Spec.IgSteps!.Value, c.Spec.Ablation)));
        Assert.All(sweep.Cells.Where(c => c.Spec.Algorithm == "eap"), c => Assert.Null(c.Spec.IgSteps));
        Assert.DoesNotContain(sweep.Cells, c => c.Spec.ModelId == "toy-mlp-2l" && c.Spec.Task == "toy-induction");
    }

    [Theory]
    [InlineData("tasks: [toy-induction, toy-addition]", "tasks: [toy-induction, toy-adition]", "Did you mean 'toy-addition'?", 4)]
    [InlineData("seeds: [0, 1]", "seeds: [0, one]", "not a non-negative integer", 8)]
    [InlineData("seeds: [0, 1]", "seedz: [0, 1]", "Did you mean 'seeds'?", 8)]
    [InlineData("{models: toy-mlp-2l, tasks: toy-induction}", "{models: toy-mlp-3l, tasks: toy-induction}", "not on axes.models", 11)]
    [InlineData("acdc: {thresholds: \"logspace(-3,0,4)\"}", "acdc: {ig_steps: 4}", "no ig-steps parameter", 17)]
    [InlineData("acdc: {thresholds: \"logspace(-3,0,4)\"}", "hisp: {ig_steps: 4}", "not on axes.algorithms", 17)]
    [InlineData("batch_size: 16", "ablation: mean", "Allowed keys:", 14)]
    public void Rejects_bad_sweeps_with_the_line(string from, string to, string fragment, int line)
    {
        var error = Assert.Throws<SpecException>(() => SweepReader.Read(Sweep.Replace(from, to, StringComparison.Ordinal), "sweep.yaml", Vocabulary));
        Assert.Contains(fragment, error.Message);
        Assert.Equal(line, error.Line);
        Assert.StartsWith($"sweep.yaml:{line}:", error.Message);
    }

    [Fact]
    public void Excluding_everything_is_an_error()
    {
        var error = Assert.Throws<SpecException>(() => SweepReader.Read(
            "name: x\naxes: {models: [m], tasks: [toy-induction], algorithms: [eap]}\nexcludes: [{algorithms: eap}]\n", "s.yaml", Vocabulary));
        Assert.Contains("remove every cell", error.Message);
    }
}
