using CircuitBench.Pipeline.Specs;

namespace CircuitBench.Pipeline.Tests.Specs;

public sealed class RunSpecReaderTests
{
    private static readonly SpecVocabulary Vocabulary = new(["toy-induction", "toy-addition"]);

    private static RunSpec Read(string yaml) => RunSpecReader.Read(yaml, "spec.yaml", Vocabulary);

    private static SpecException Fails(string yaml) => Assert.Throws<SpecException>(() => Read(yaml));

    [Fact]
    public void Reads_every_field_and_fills_defaults()
    {
        var spec = Read("""
            model_id: toy-induction-2l
            task: toy-induction
            algorithm: acdc
            seed: 3
            thresholds: [0.001, 0.01]
            sizes: [0.1, 0.5, 1]
            device: cpu
            """);
        Assert.Equal(("toy-induction-2l", "toy-induction", "acdc", 3), (spec.ModelId, spec.Task, spec.Algorithm, spec.Seed));
        Assert.Equal("0.001,0.01", spec.Thresholds);
        Assert.Equal([0.1, 0.5, 1.0], spec.Sizes);
        // ACDC's own defaults: its metric (KL) and every prompt in one batch (it cannot be averaged over batches).
        Assert.Equal((64, "resample", "kl", "edge", 64), (spec.BatchSize, spec.Ablation, spec.Metric, spec.Level, spec.NumExamples));
        var eap = Read("model_id: m\ntask: toy-induction\nalgorithm: eap\n");
        Assert.Equal((RunSpec.Defaults.BatchSize, "logit-diff"), (eap.BatchSize, eap.Metric));
        Assert.False(spec.CacheActivations);
    }

    [Fact]
    public void An_unknown_key_gives_position_did_you_mean_and_the_allowed_keys()
    {
        var error = Fails("model_id: m\ntask: toy-induction\nalgorithm: eap\nbatch_szie: 8\n");
        Assert.Equal((4L, 1L), (error.Line, error.Column));
        Assert.StartsWith("spec.yaml:4:1:", error.Message);
        Assert.Contains("Did you mean 'batch_size'?", error.Message);
        Assert.Contains("Allowed keys: model_id, revision", error.Message);
    }

    [Fact]
    public void A_bad_value_names_its_position_and_the_allowed_values()
    {
        var error = Fails("model_id: m\ntask: toy-induction\nalgorithm: eap\nablation: resampel\n");
        Assert.Equal((4L, 11L), (error.Line, error.Column));
        Assert.Contains("Did you mean 'resample'?", error.Message);
        Assert.Contains("Allowed values: resample, mean, mean-positional, zero", error.Message);
        var task = Fails("model_id: m\ntask: induction\nalgorithm: eap\n");
        Assert.Contains("Allowed values: toy-induction, toy-addition", task.Message);
        Assert.Equal(2L, task.Line);
    }

    [Theory]
    [InlineData("model_id: m\ntask: toy-induction\nalgorithm: eap\nseed: -1\n", "at least 0", 4)]
    [InlineData("model_id: m\ntask: toy-induction\nalgorithm: eap\nbatch_size: many\n", "must be an integer", 4)]
    [InlineData("model_id: m\ntask: toy-induction\nalgorithm: eap\nsizes: [0.5, 0.2]\n", "must increase", 4)]
    [InlineData("model_id: m\ntask: toy-induction\nalgorithm: eap\nsizes: [0, 0.2]\n", "(0, 1]", 4)]
    [InlineData("model_id: m\ntask: toy-induction\nalgorithm: eap\nig_steps: 5\n", "no ig-steps parameter", 4)]
    [InlineData("model_id: m\ntask: toy-induction\nalgorithm: acdc\nthresholds: logspace(1,2)\n", "logspace", 4)]
    [InlineData("model_id: m\ntask: toy-induction\nalgorithm: acdc\nbatch_size: 8\n", "at least num_examples (64)", 4)]
    [InlineData("model_id: m\ntask: toy-induction\nalgorithm: eap-ig-inputs\nablation: zero\n", "supports resample ablation only (got zero)", 4)]
    [InlineData("model_id: m\ntask: toy-induction\nalgorithm: random\nparameters: {sed: 1}\n", "Did you mean 'seed'?", 4)]
    [InlineData("model_id: m\ntask: toy-induction\nalgorithm: eap\ndevice: cuda\n", "Allowed values: cpu", 4)]
    [InlineData("model_id: m\ntask: toy-induction\nalgorithm: eap\ncache_gradients: yes please\n", "true or false", 4)]
    [InlineData("task: toy-induction\nalgorithm: eap\n", "needs 'model_id'", 1)]
    [InlineData("model_id: m\nmodel_id: n\ntask: toy-induction\nalgorithm: eap\n", "Duplicate key", 2)]
    [InlineData("model_id: [m\n", "not valid YAML", 2)]
    public void Rejects_bad_specs_with_the_line(string yaml, string fragment, int line)
    {
        var error = Fails(yaml);
        Assert.Contains(fragment, error.Message);
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void Suggestions_only_for_near_misses()
    {
        Assert.Equal("algorithm", Suggestions.Closest("algoritm", ["algorithm", "ablation"]));
        Assert.Null(Suggestions.Closest("zzzzzz", ["algorithm", "ablation"]));
        Assert.Equal(3, Suggestions.Distance("kitten", "sitting"));
    }

    [Theory]
    [InlineData("run-1", true)]
    [InlineData("a.b_c", true)]
    [InlineData("..", false)]
    [InlineData("../x", false)]
    [InlineData("a/b", false)]
    [InlineData(".hidden", false)]
    [InlineData("", false)]
    public void Run_ids_cannot_leave_their_folder(string id, bool safe) => Assert.Equal(safe, RunIds.IsSafe(id));
}
