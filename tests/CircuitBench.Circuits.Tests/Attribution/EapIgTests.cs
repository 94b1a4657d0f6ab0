using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Circuits.Tests.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Circuits.Tests.Attribution;

/// <summary>eap-ig-inputs, eap-ig-activations and clean-corrupted: their defining relations, exactness where the model is affine, and errors.</summary>
public class EapIgTests
{
    private static PromptSet Prompts() => new(TinyModel.Batch(1), TinyModel.Batch(2), [[3], [7], [1, 2]], [[5], [0], [4]]);

    private static PromptSet Swapped(PromptSet p) => new(p.Corrupted!, p.Clean, p.Answers, p.WrongAnswers);

    /// <summary>
    /// Attention-only, no LayerNorms, W_K = 0 (every attention pattern uniform over the causal prefix, whatever the
    /// input): logits are affine in every source output, so the metric is linear along any path.
    /// </summary>
    private static HookedTransformer AffineModel()
    {
        var config = new ModelConfig(DModel: 16, NLayers: 2, NHeads: 3, DHead: 4, DMlp: 24, DVocab: 13, NCtx: 8, AttnOnly: true, FinalLayerNorm: false, BlockLayerNorms: false);
        var init = WeightInit.Random(config, seed: 5);
        foreach (var (_, t) in init.Named())
            if (t.Rank == 2) System.Numerics.Tensors.TensorPrimitives.Multiply(t.Data, 15f, t.Data);
        foreach (var block in init.Blocks) block.WK.Data.Clear();
        return new HookedTransformer(config, init);
    }

    private static void AssertEdgesClose(double[] expected, double[] actual, CircuitGraph graph, double relative, string what)
    {
        var scale = expected.Max(Math.Abs);
        Assert.True(scale > 1e-3, $"{what}: the reference scores are all ~0 (scale {scale:G3}); the test would be vacuous");
        foreach (var edge in graph.Edges)
            Assert.True(Math.Abs(expected[edge.Index] - actual[edge.Index]) <= relative * scale,
                $"{what} {edge}: expected {expected[edge.Index]:G6}, got {actual[edge.Index]:G6} (scale {scale:G4})");
    }

    [Fact]
    public void Eap_ig_inputs_with_one_step_is_eap_with_the_gradient_at_the_corrupted_input()
    {
        // EAP-IG's first step is α = 0, the corrupted input: Δ · g(corrupt) = −(EAP with clean and corrupted swapped).
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var oneStep = EapIgInputs.Run(model, graph, prompts, new LogitDifference(), steps: 1);
        var swapped = Eap.Run(model, graph, Swapped(prompts), new LogitDifference());
        AssertEdgesClose(swapped.EdgeScores.Select(s => -s).ToArray(), oneStep.EdgeScores, graph, 1e-5, "eap-ig-inputs(1) vs −eap(swapped)");
        var atClean = Eap.Run(model, graph, prompts, new LogitDifference());
        Assert.True(oneStep.EdgeScores.Zip(atClean.EdgeScores, (a, b) => Math.Abs(a - b)).Max() > 0.05 * atClean.EdgeScores.Max(Math.Abs),
            "with one step the gradient is at the corrupted input, so it must differ from EAP's (at the clean input)");
    }

    [Fact]
    public void Clean_corrupted_is_the_mean_of_the_two_ends_and_antisymmetric_in_clean_and_corrupted()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var metric = new LogitDifference();
        var both = CleanCorrupted.Run(model, graph, prompts, metric);
        var atClean = Eap.Run(model, graph, prompts, metric);
        var atCorrupt = EapIgInputs.Run(model, graph, prompts, metric, steps: 1);
        AssertEdgesClose(atClean.EdgeScores.Zip(atCorrupt.EdgeScores, (a, b) => (a + b) / 2).ToArray(), both.EdgeScores, graph, 1e-5, "clean-corrupted vs ½(eap + eap-ig-inputs(1))");
        var swapped = CleanCorrupted.Run(model, graph, Swapped(prompts), metric);
        AssertEdgesClose(both.EdgeScores, swapped.EdgeScores.Select(s => -s).ToArray(), graph, 1e-5, "clean-corrupted vs −clean-corrupted(swapped)");
        Assert.Equal((3, 2), (both.Cost.Forwards, both.Cost.Backwards)); // corrupted capture; clean and corrupted gradient passes
    }

    [Fact]
    public void Eap_ig_inputs_is_complete_in_the_limit_its_input_edges_sum_to_patching_the_whole_input()
    {
        // Every destination reads the input directly, so Σ_d score(input->d) = Δe · (1/m) Σ_k ∂m/∂e(α_k), a left
        // Riemann sum of ∫ ∂m/∂e · de = m(corrupt) − m(clean): patching every input edge, i.e. the corrupted run.
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var metric = new LogitDifference();
        double exact;
        using (GradTape.NoGrad())
            exact = (double)metric.Mean(model.Forward(prompts.Corrupted!), prompts).Item() - metric.Mean(model.Forward(prompts.Clean), prompts).Item();
        double InputSum(AttributionScores s) => graph.Edges.Where(e => e.Source.Name == "input").Sum(e => s.EdgeScores[e.Index]);
        var errors = new[] { 1, 4, 16, 64 }.Select(m => Math.Abs(InputSum(EapIgInputs.Run(model, graph, prompts, metric, m)) - exact)).ToArray();
        var eapError = Math.Abs(InputSum(Eap.Run(model, graph, prompts, metric)) - exact);
        Assert.True(Math.Abs(exact) > 0.1, $"clean and corrupted must differ for the test to mean anything (Δm = {exact:G3})");
        var trail = string.Join(", ", errors.Select(e => e.ToString("G3")));
        for (var i = 1; i < errors.Length; i++) Assert.True(errors[i] < errors[i - 1], $"error must shrink with steps: {trail} (Δm {exact:G3})");
        Assert.True(errors[^1] < errors[1] / 4, $"a left Riemann sum converges like 1/m; errors {trail}");
        Assert.True(errors[^1] < 0.04 * Math.Abs(exact), $"64 steps: error {errors[^1]:G3} of Δm {exact:G3}; errors {trail}");
        Assert.True(errors[^1] < 0.25 * eapError, $"IG (error {errors[^1]:G3}) must beat first-order EAP (error {eapError:G3})");
    }

    [Fact]
    public void On_an_affine_model_every_gradient_method_equals_exact_patching_on_every_edge()
    {
        var model = AffineModel();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var metric = new LogitDifference();
        var exact = ExactPatching.Run(model, graph, prompts, metric);
        AssertEdgesClose(exact.EdgeScores, Eap.Run(model, graph, prompts, metric).EdgeScores, graph, 1e-4, "eap");
        AssertEdgesClose(exact.EdgeScores, EapIgInputs.Run(model, graph, prompts, metric, steps: 3).EdgeScores, graph, 1e-4, "eap-ig-inputs");
        AssertEdgesClose(exact.EdgeScores, CleanCorrupted.Run(model, graph, prompts, metric).EdgeScores, graph, 1e-4, "clean-corrupted");
    }

    /// <summary>
    /// EAP-IG-activations' average written another way: the mean over the N source chunks of <paramref name="score"/>
    /// run while that chunk's output is fixed at its clean value (a hook on the model), which cuts every gradient path
    /// through the chunk, as EAP-IG's interpolation hooks do.
    /// </summary>
    private static double[] MeanOverFrozenChunks(HookedTransformer model, PromptSet prompts, Func<double[]> score)
    {
        var clean = SourceActivations.Capture(model, prompts.Clean);
        var chunks = new List<(string Hook, Tensor Clean)> { ("blocks.0.hook_resid_pre", clean.Input) };
        for (var l = 0; l < model.Config.NLayers; l++)
        {
            chunks.Add(($"blocks.{l}.attn.hook_result", clean.Heads[l]));
            if (clean.Mlps[l] is { } mlp) chunks.Add(($"blocks.{l}.hook_mlp_out", mlp));
        }
        double[]? sum = null;
        foreach (var (hook, chunk) in chunks)
        {
            // Every copy of the batch (exact patching stacks several) gets the clean output.
            using var frozen = model.Hooks.Registry[hook].Add((a, _) =>
                Ops.Reshape(Ops.Concat([.. Enumerable.Repeat(chunk, a.Dim(0) / chunk.Dim(0))], 0), [.. a.Shape]));
            var scores = score();
            sum = sum is null ? scores : sum.Zip(scores, (x, y) => x + y).ToArray();
        }
        return sum!.Select(x => x / chunks.Count).ToArray();
    }

    [Theory]
    [InlineData(AblationKind.Resample)]
    [InlineData(AblationKind.Zero)]
    [InlineData(AblationKind.Mean)]
    public void On_an_affine_model_eap_ig_activations_is_the_mean_over_chunks_of_exact_patching_with_that_chunk_fixed(AblationKind kind)
    {
        var model = AffineModel();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var ablated = Ablation.For(kind, model, prompts.Clean, prompts.Corrupted, [TinyModel.Batch(3), TinyModel.Batch(4, batch: 2, seq: 5)]);
        var metric = new LogitDifference();
        var expected = MeanOverFrozenChunks(model, prompts, () => ExactPatching.Run(model, graph, prompts, metric, ablated).EdgeScores);
        var scores = EapIgActivations.Run(model, graph, prompts, metric, steps: 2, ablated);
        AssertEdgesClose(expected, scores.EdgeScores, graph, 1e-4, $"eap-ig-activations ({kind})");
        var exact = ExactPatching.Run(model, graph, prompts, metric, ablated);
        Assert.True(scores.EdgeScores.Zip(exact.EdgeScores, (a, b) => Math.Abs(a - b)).Max() > 0.05 * exact.EdgeScores.Max(Math.Abs),
            "passes that fix a chunk cut the paths through it, so EAP-IG-activations is not exact patching even here");
        Assert.Equal((1 + 3 * 2, 3 * 2), (scores.Cost.Forwards, scores.Cost.Backwards)); // clean capture, N·m gradient passes (N = 3)
    }

    [Fact]
    public void Eap_ig_activations_with_one_step_is_the_mean_over_chunks_of_eap_with_that_chunk_fixed()
    {
        // One step: α = 1, the chunk fixed at its clean output, so each pass is a clean run with the chunk's paths cut.
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted);
        var metric = new LogitDifference();
        var expected = MeanOverFrozenChunks(model, prompts, () => Eap.Run(model, graph, prompts, metric, ablated).EdgeScores);
        AssertEdgesClose(expected, EapIgActivations.Run(model, graph, prompts, metric, steps: 1, ablated).EdgeScores, graph, 1e-5, "eap-ig-activations(1)");
    }

    [Theory]
    [InlineData("eap-ig-inputs", AblationKind.Mean)]
    [InlineData("eap-ig-inputs", AblationKind.Zero)]
    [InlineData("clean-corrupted", AblationKind.MeanPositional)]
    [InlineData("clean-corrupted", AblationKind.Zero)]
    public void Input_path_methods_refuse_ablations_other_than_resample(string name, AblationKind kind)
    {
        var model = TinyModel.Create();
        var prompts = Prompts();
        var context = new AttributionContext(model, CircuitGraph.FromConfig(model.Config), prompts, new LogitDifference(), kind,
            Ablation.For(kind, model, prompts.Clean, prompts.Corrupted, [prompts.Clean]), new Dictionary<string, string>());
        var error = Assert.Throws<ArgumentException>(() => AlgorithmRegistry.Get(name).Run(context));
        Assert.Contains("resample", error.Message);
        Assert.Contains(Ablation.Names[(int)kind], error.Message);
    }

    [Fact]
    public void Registry_runs_the_three_with_their_ig_steps_and_rejects_bad_steps()
    {
        var model = TinyModel.Create();
        var prompts = Prompts();
        var graph = CircuitGraph.FromConfig(model.Config);
        var ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted);
        AttributionContext Context(string steps) => new(model, graph, prompts, new LogitDifference(), AblationKind.Resample, ablated, new Dictionary<string, string> { ["ig-steps"] = steps });
        var inputs = AlgorithmRegistry.Get("eap-ig-inputs").Run(Context("3"));
        Assert.Equal(("eap-ig-inputs", 1 + 3, 3), (inputs.Algorithm, inputs.Cost.Forwards, inputs.Cost.Backwards)); // clean capture + 3 steps
        Assert.True(inputs.Cost.PeakWorkingSetBytes > 0 && inputs.Cost.Elapsed > TimeSpan.Zero);
        var activations = AlgorithmRegistry.Get("eap-ig-activations").Run(Context("2"));
        Assert.Equal(("eap-ig-activations", 1 + 5 * 2, 5 * 2), (activations.Algorithm, activations.Cost.Forwards, activations.Cost.Backwards));
        Assert.Equal("clean-corrupted", AlgorithmRegistry.Get("clean-corrupted").Run(Context("9")).Algorithm);
        Assert.Contains("at least one step", Assert.Throws<ArgumentException>(() => AlgorithmRegistry.Get("eap-ig-inputs").Run(Context("0"))).Message);
        Assert.Contains("ig-steps", Assert.Throws<ArgumentException>(() => AlgorithmRegistry.Get("eap-ig-activations").Run(Context("five"))).Message);
    }
}
