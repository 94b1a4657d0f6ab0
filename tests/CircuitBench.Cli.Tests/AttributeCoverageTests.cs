using System.Globalization;
using System.Text.Json;
using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Construction;
using CircuitBench.Circuits.Evaluation;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Models.Loading;
using CircuitBench.Parquet;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Rng;

namespace CircuitBench.Cli.Tests;

/// <summary>
/// <c>attribute</c> with every registered algorithm, ablation and metric, and <c>evaluate</c> with mean-positional
/// ablation and KL, on the small random GPT-2 of <see cref="AnalysisFixture"/>: each run's table and metadata, and a
/// property of each algorithm's documented definition that a wrong wiring would break.
/// </summary>
public sealed class AttributeCoverageTests : IDisposable
{
    private readonly AnalysisFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static readonly CircuitGraph Graph = CircuitGraph.FromConfig(AnalysisFixture.Config);

    /// <summary>Prompts of one token length (4), as mean-positional ablation needs.</summary>
    private static readonly (int[] Clean, int[] Corrupt, int Answer, int Wrong)[] EqualLengthPrompts =
    [
        ([1, 2, 3, 4], [1, 5, 3, 4], 6, 7),
        ([2, 8, 4, 0], [2, 9, 4, 0], 1, 3),
        ([5, 1, 7, 2], [5, 1, 10, 2], 4, 8),
        ([3, 3, 6, 1], [3, 0, 6, 1], 2, 5),
        ([7, 4, 2, 9], [7, 6, 2, 9], 9, 10),
    ];

    private string EqualLengthDataset => _fixture.WriteFile("equal.json", AnalysisFixture.DatasetJson(EqualLengthPrompts));

    private string OutPath(string name) => Path.Combine(_fixture.Root, "out", name + ".parquet");

    /// <summary>Runs <c>attribute</c> on <paramref name="dataset"/> (the fixture's when null), requires success and reads the table written.</summary>
    private ParquetFile Attribute(string name, string? dataset, params string[] extra)
    {
        var path = OutPath(name);
        var (exit, _, error) = AnalysisFixture.Run(["attribute", "--model", _fixture.ModelFolder, "--dataset", dataset ?? _fixture.DatasetPath, "--out", path, .. extra]);
        Assert.True(exit == 0, $"attribute {string.Join(' ', extra)}: {error}");
        return ParquetReader.Read(path);
    }

    private static double[] Scores(ParquetFile file) => file.Table.Get<double>("score");

    private static PromptSet OneBatch(IEnumerable<(int[] Clean, int[] Corrupt, int Answer, int Wrong)> prompts)
    {
        var list = prompts.ToArray();
        return new PromptSet(new TokenBatch([.. list.Select(p => p.Clean)]), new TokenBatch([.. list.Select(p => p.Corrupt)]),
            [.. list.Select(p => new[] { p.Answer })], [.. list.Select(p => new[] { p.Wrong })]);
    }

    /// <summary>|a − b| ≤ <paramref name="relative"/> · max|expected| for every element, naming the first edge that is not.</summary>
    private static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double relative, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        var scale = expected.Max(Math.Abs);
        Assert.True(scale > 0, $"{what}: the reference scores are all zero, so the comparison would prove nothing");
        for (var e = 0; e < expected.Count; e++)
            Assert.True(Math.Abs(expected[e] - actual[e]) <= relative * scale,
                $"{what}: {Graph.Edges[e].Name}: expected {expected[e]:R}, got {actual[e]:R} (scale {scale:R})");
    }

    private static double MaxDifference(IReadOnlyList<double> a, IReadOnlyList<double> b) => a.Zip(b).Max(p => Math.Abs(p.First - p.Second));

    private static double Pearson(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var (ma, mb) = (a.Average(), b.Average());
        var cov = a.Zip(b).Sum(p => (p.First - ma) * (p.Second - mb));
        return cov / Math.Sqrt(a.Sum(x => (x - ma) * (x - ma)) * b.Sum(x => (x - mb) * (x - mb)));
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double Number(ParquetFile file, string key) => double.Parse(file.Metadata["circuitbench." + key]!, CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- every algorithm

    /// <summary>
    /// Every built-in algorithm with cheap parameters, and the forwards/backwards its documented cost gives on the
    /// fixture (5 prompts, one batch, resample: the ablation's corrupted forward is counted too; null: data-dependent).
    /// </summary>
    public static TheoryData<string, string[], int?, int?> Algorithms => new()
    {
        { "eap", [], 2, 1 },                                                       // corrupted + clean forward, 1 backward
        { "exact", [], 2 + (46 + 31) / 32, 0 },                                    // corrupted + clean + ⌈46 edges / 32 copies⌉
        { "eap-ig-inputs", ["--ig-steps", "2"], 4, 2 },                            // corrupted + clean + 2 steps
        { "eap-ig-activations", ["--ig-steps", "2"], 2 + 5 * 2, 5 * 2 },           // corrupted + clean + 5 chunks · 2 steps
        { "clean-corrupted", [], 3, 2 },                                           // corrupted + clean + corrupted-with-grad
        { "acdc", ["--metric", "kl", "--param", "thresholds=0.001,0.01,0.1"], null, 0 },   // data-dependent trials
        { "hisp", [], 2, 1 },
        { "attribution-patching", [], 2, 1 },
        { "random", ["--param", "seed=3", "--ablation", "zero"], 0, 0 },         // no model pass (zero ablation runs none either)
    };

    [Fact]
    public void The_algorithm_list_above_covers_every_registered_algorithm()
    {
        var covered = Algorithms.Select(row => (string)row[0]).Order(StringComparer.Ordinal);
        var registered = AlgorithmRegistry.All.Select(a => a.Name).Where(n => !n.StartsWith("test-", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(registered, covered);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Every_algorithm_writes_one_finite_score_per_edge_with_its_name_parameters_and_cost(string algorithm, string[] extra, int? forwards, int? backwards)
    {
        var file = Attribute(algorithm, null, ["--algorithm", algorithm, .. extra]);

        Assert.Equal(["src", "dst", "edge", "score", "abs_rank"], file.Table.Columns.Select(c => c.Name));
        Assert.Equal(ParquetType.Double, file.Table["score"].Field.Type);
        Assert.Equal(46, Graph.Edges.Count);
        Assert.Equal(Graph.Edges.Count, file.RowCount);
        Assert.Equal(Graph.Edges.Select(e => e.Source.Name), file.Table.Get<string>("src"));
        Assert.Equal(Graph.Edges.Select(e => e.Destination.Name), file.Table.Get<string>("dst"));
        Assert.Equal(Graph.Edges.Select(e => e.Name), file.Table.Get<string>("edge"));
        var scores = Scores(file);
        Assert.All(scores, s => Assert.True(double.IsFinite(s), $"{algorithm}: score {s}"));
        Assert.True(scores.Any(s => s != 0), $"{algorithm}: every score is 0");

        var meta = file.Metadata;
        Assert.Equal(algorithm, meta["circuitbench.algorithm"]);
        Assert.Equal("edge-scores", meta["circuitbench.kind"]);
        var declared = AlgorithmRegistry.Get(algorithm).Parameters;
        var recorded = JsonSerializer.Deserialize<Dictionary<string, string>>(meta["circuitbench.algorithm.parameters"]!)!;
        Assert.Equal(declared.Select(p => p.Name).Order(StringComparer.Ordinal), recorded.Keys.Order(StringComparer.Ordinal));
        for (var i = 0; i + 1 < extra.Length; i += 2)
        {
            if (extra[i] == "--ig-steps") Assert.Equal(extra[i + 1], recorded["ig-steps"]);
            if (extra[i] == "--param") Assert.Equal(extra[i + 1].Split('=')[1], recorded[extra[i + 1].Split('=')[0]]);
        }

        Assert.True(Number(file, "run.seconds") >= 0);
        Assert.True(Number(file, "run.peak_rss_mb") > 1);
        var (ranForwards, ranBackwards) = ((int)Number(file, "run.forwards"), (int)Number(file, "run.backwards"));
        if (forwards is { } f) Assert.Equal(f, ranForwards);
        else Assert.InRange(ranForwards, 3, 2 + 3 * Graph.Edges.Count);              // acdc: corrupted + clean + 1 … 46 trials per τ
        if (backwards is { } b) Assert.Equal(b, ranBackwards);
    }

    // ---------------------------------------------------------------- per-algorithm definitions

    [Fact]
    public void Random_is_the_counter_rng_of_its_seed_and_edge_index()
    {
        var first = Scores(Attribute("random7a", null, "--algorithm", "random", "--param", "seed=7"));
        var again = Scores(Attribute("random7b", null, "--algorithm", "random", "--param", "seed=7"));
        var batched = Scores(Attribute("random7c", null, "--algorithm", "random", "--param", "seed=7", "--batch-size", "2"));
        var other = Scores(Attribute("random8", null, "--algorithm", "random", "--param", "seed=8"));
        Assert.Equal(first, again);
        // Batches of 2 average three identical batch scores with weights 2/5, 2/5, 1/5: equal up to rounding.
        AssertClose(first, batched, 1e-15, "random in batches of 2");
        Assert.True(first.Zip(other).Count(p => p.First != p.Second) >= first.Length - 1, "seeds 7 and 8 give (nearly) the same scores");
        Assert.All(first, s => Assert.InRange(s, 0, 1 - 1e-12));
        // The documented definition: score(edge i) = CounterRng.Uniform(seed, i).
        for (var i = 0; i < first.Length; i++) Assert.Equal((double)CounterRng.Uniform(7, (ulong)i), first[i]);
        Assert.Equal(first.Length, first.Distinct().Count());
    }

    [Fact]
    public void Exact_is_each_edge_ablated_alone_measured_independently_and_correlates_with_eap()
    {
        var exact = Scores(Attribute("exact", null, "--algorithm", "exact"));
        var eap = Scores(Attribute("eap", null, "--algorithm", "eap"));

        // Independently: one patched forward per edge (EdgePatching through Faithfulness.Measure, not the replicas exact uses).
        var model = ModelLoader.Load(_fixture.ModelFolder);
        var prompts = OneBatch(AnalysisFixture.Prompts);
        var metric = MetricRegistry.Get("logit-diff");
        var ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted);
        var clean = Faithfulness.Measure(model, Circuit.Full(Graph), prompts, metric, ablated, null).Mean;
        var expected = Graph.Edges.Select(edge =>
        {
            var present = Enumerable.Repeat(true, Graph.Edges.Count).ToArray();
            present[edge.Index] = false;
            return Faithfulness.Measure(model, new Circuit(Graph, present), prompts, metric, ablated, null).Mean - clean;
        }).ToArray();
        AssertClose(expected, exact, 1e-4, "exact vs one patched forward per edge");

        // EAP is exact's first-order approximation: on this model they agree in direction.
        Assert.True(Pearson(exact, eap) > 0.5, $"corr(exact, eap) = {Pearson(exact, eap)}");
    }

    [Fact]
    public void Node_level_algorithms_give_each_edge_its_source_score_the_sum_of_its_eap_edges_and_hisp_is_its_magnitude()
    {
        var patching = Scores(Attribute("ap", null, "--algorithm", "attribution-patching"));
        var hisp = Scores(Attribute("hisp", null, "--algorithm", "hisp"));
        var eap = Scores(Attribute("eap", null, "--algorithm", "eap"));
        var scale = patching.Max(Math.Abs);
        Assert.True(scale > 0);
        foreach (var group in Graph.Edges.GroupBy(e => e.SourceIndex))
        {
            var edges = group.ToArray();
            var node = patching[edges[0].Index];
            // Every edge out of a node carries the node's score.
            Assert.All(edges, e => Assert.Equal(node, patching[e.Index]));
            Assert.All(edges, e => Assert.Equal(Math.Abs(node), hisp[e.Index]));
            // Σ Δ_s · ∂m/∂a_s = Σ_d Δ_s · ∂m/∂x_d: a_s reaches the metric only through the destinations it feeds.
            var sum = edges.Sum(e => eap[e.Index]);
            Assert.True(Math.Abs(sum - node) <= 1e-4 * scale, $"{edges[0].Source.Name}: node score {node:R}, Σ eap of its edges {sum:R}");
        }
        Assert.Contains(patching, s => s < 0);                                     // signed, unlike hisp
        Assert.True(patching.Distinct().Count() > 1);
    }

    [Fact]
    public void Clean_corrupted_is_the_mean_of_eap_and_one_step_eap_ig_inputs()
    {
        var eap = Scores(Attribute("eap", null, "--algorithm", "eap"));
        var inputs = Scores(Attribute("igi1", null, "--algorithm", "eap-ig-inputs", "--ig-steps", "1"));
        var both = Scores(Attribute("cc", null, "--algorithm", "clean-corrupted"));
        Assert.True(MaxDifference(eap, inputs) > 1e-2 * eap.Max(Math.Abs), "the gradient at the corrupted input equals the clean one; the check below would be vacuous");
        AssertClose(eap.Zip(inputs, (a, b) => (a + b) / 2).ToArray(), both, 1e-4, "clean-corrupted vs ½(eap + eap-ig-inputs@1)");
        // More steps move the estimate (the parameter reaches the algorithm).
        var inputs2 = Scores(Attribute("igi2", null, "--algorithm", "eap-ig-inputs", "--ig-steps", "2"));
        Assert.True(MaxDifference(inputs, inputs2) > 1e-3 * inputs.Max(Math.Abs));
    }

    [Theory]
    [InlineData("resample")]
    [InlineData("zero")]
    [InlineData("mean")]
    public void One_step_eap_ig_activations_is_eap_into_the_logits_and_four_fifths_of_eap_into_the_last_mlp(string ablation)
    {
        // With m = 1 the only step is α = 1: each chunk's output is held at its clean value, so forwards are clean and
        // only the gradient paths through the held chunk are cut. Chunks: input, a0 heads, m0, a1 heads, m1 (N = 5).
        // Into logits no chunk is downstream: every pass gives EAP's gradient. Into m1's input the only path is through
        // m1's output, cut on 1 pass of 5: 4/5 of EAP.
        var eap = Scores(Attribute("eap", null, "--algorithm", "eap", "--ablation", ablation));
        var activations = Scores(Attribute("iga1", null, "--algorithm", "eap-ig-activations", "--ig-steps", "1", "--ablation", ablation));
        var scale = eap.Max(Math.Abs);
        var checkedEdges = 0;
        foreach (var edge in Graph.Edges)
        {
            double? factor = edge.Destination.Name switch { "logits" => 1.0, "m1" => 0.8, _ => null };
            if (factor is not { } f) continue;
            checkedEdges++;
            Assert.True(Math.Abs(f * eap[edge.Index] - activations[edge.Index]) <= 1e-4 * scale,
                $"{edge.Name}: eap-ig-activations {activations[edge.Index]:R}, {f} · eap = {f * eap[edge.Index]:R}");
        }
        Assert.Equal(7 + 6, checkedEdges);
        Assert.True(Graph.Edges.Where(e => e.Destination.Name == "m1").Any(e => Math.Abs(eap[e.Index]) > 1e-2 * scale), "m1's edges have no EAP score to compare");
        // Edges into earlier destinations lose other paths too: not EAP.
        Assert.Contains(Graph.Edges.Where(e => e.Destination.Node.Layer == 0), e => Math.Abs(eap[e.Index] - activations[e.Index]) > 1e-3 * scale);
    }

    /// <summary>One trial of the walk: the KL after ablating the edge, and whether the edge went.</summary>
    private sealed record Trial(double Kl, bool Removed);

    /// <summary>
    /// ACDC's walk as its documentation describes it, written out with one <see cref="Faithfulness.Measure"/> per trial:
    /// receivers logits, then per layer from the last its MLP, the q inputs (last head first), the k inputs, the v
    /// inputs; into each receiver the edges from the latest source to the earliest; a receiver whose node feeds no edge
    /// left loses its incoming edges untried; an edge goes when KL(after) − KL(before) &lt; τ.
    /// </summary>
    private static (bool[] Kept, List<Trial> Trials, double Margin) AcdcByHand(HookedTransformer model, PromptSet prompts, SourceActivations ablated,
        Tensor cleanLogits, double threshold)
    {
        var metric = new KlDivergenceMetric();
        var present = Enumerable.Repeat(true, Graph.Edges.Count).ToArray();
        List<string> receivers = ["logits"];
        for (var l = Graph.Layers - 1; l >= 0; l--)
        {
            receivers.Add($"m{l}");
            foreach (var slot in new[] { "q", "k", "v" })
                for (var h = Graph.Heads - 1; h >= 0; h--) receivers.Add($"a{l}.h{h}<{slot}>");
        }
        Assert.Equal(Graph.Destinations.Count, receivers.Count);
        var trials = new List<Trial>();
        var (current, margin) = (0.0, double.PositiveInfinity);                    // the full graph: KL(clean ‖ clean) = 0
        foreach (var receiver in receivers)
        {
            var incoming = Graph.Edges.Where(e => e.Destination.Name == receiver).OrderByDescending(e => e.SourceIndex).ToArray();
            var node = incoming[0].Destination.Node;
            var feeds = node.Kind == NodeKind.Logits || Graph.Edges.Any(e => e.Source == node && present[e.Index]);
            foreach (var edge in incoming)
            {
                present[edge.Index] = false;
                if (!feeds) continue;
                var kl = Faithfulness.Measure(model, new Circuit(Graph, present), prompts, metric, ablated, cleanLogits).Mean;
                var removed = kl - current < threshold;
                margin = Math.Min(margin, Math.Abs(kl - current - threshold));
                trials.Add(new Trial(kl, removed));
                if (removed) current = kl;
                else present[edge.Index] = true;
            }
        }
        return (present, trials, margin);
    }

    [Fact]
    public void Acdc_keeps_the_edges_of_its_documented_walk_and_scores_each_with_the_largest_threshold_keeping_it()
    {
        // ACDC's first trial is the latest source into the logits (m1->logits) on the full graph: its delta is that
        // edge's exact KL effect e. Thresholds e/20, e/2 and 2e: the edge stays at the first two and goes at the last.
        var exact = Scores(Attribute("exact-kl", null, "--algorithm", "exact", "--metric", "kl"));
        var first = Graph.Edges.Where(e => e.Destination.Name == "logits").MaxBy(e => e.SourceIndex)!;
        Assert.Equal("m1->logits", first.Name);
        var effect = exact[first.Index];
        Assert.True(effect > 1e-6, $"m1->logits has KL effect {effect}");
        double[] thresholds = [effect / 20, effect / 2, effect * 2];
        // Given out of order: ACDC sorts them.
        var file = Attribute("acdc", null, "--algorithm", "acdc", "--metric", "kl", "--param", $"thresholds={Text(thresholds[2])},{Text(thresholds[0])},{Text(thresholds[1])}");
        var acdc = Scores(file);
        Assert.Equal(thresholds[1], acdc[first.Index]);

        var model = ModelLoader.Load(_fixture.ModelFolder);
        var prompts = OneBatch(AnalysisFixture.Prompts);
        var ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted);
        Tensor cleanLogits;
        using (GradTape.NoGrad()) cleanLogits = model.Forward(prompts.Clean);
        var walks = thresholds.Select(t => AcdcByHand(model, prompts, ablated, cleanLogits, t)).ToArray();
        Assert.True(walks.Min(w => w.Margin) > 1e-5 * thresholds[0], "a trial's delta is within rounding of τ; the comparison would be fragile");
        Assert.Contains(walks[0].Kept, k => k);
        Assert.Contains(walks[0].Kept, k => !k);
        Assert.NotEqual(walks[0].Kept, walks[1].Kept);
        for (var e = 0; e < acdc.Length; e++)
        {
            var expected = Enumerable.Range(0, thresholds.Length).Where(i => walks[i].Kept[e]).Select(i => thresholds[i]).DefaultIfEmpty(0).Max();
            Assert.True(expected == acdc[e], $"{Graph.Edges[e].Name}: acdc score {acdc[e]:R}, by hand {expected:R} (kept: {string.Join(", ", walks.Select(w => w.Kept[e]))})");
        }
        Assert.Contains(acdc, s => s == thresholds[0]);                            // each τ is the largest keeping some edge
        Assert.Contains(acdc, s => s == thresholds[1]);

        // Forwards: the corrupted and clean ones, then each trial — except that a threshold's walk replays the previous
        // threshold's values up to and including its first decision that differs.
        var forwards = 2 + walks[0].Trials.Count;
        for (var i = 1; i < walks.Length; i++)
        {
            var (previous, trials) = (walks[i - 1].Trials, walks[i].Trials);
            var agree = 0;
            while (agree < trials.Count && agree < previous.Count && trials[agree].Removed == previous[agree].Removed) agree++;
            forwards += trials.Count - Math.Min(trials.Count, agree < previous.Count ? agree + 1 : agree);
        }
        Assert.Equal(forwards, (int)Number(file, "run.forwards"));

        var recorded = JsonSerializer.Deserialize<Dictionary<string, string>>(file.Metadata["circuitbench.algorithm.parameters"]!)!;
        Assert.Equal(new[] { thresholds[2], thresholds[0], thresholds[1] }, Acdc.ParseThresholds(recorded["thresholds"]));
        Assert.Equal("false", recorded["abs-value-threshold"]);
        Assert.Equal("kl", file.Metadata["circuitbench.metric"]);
    }

    [Fact]
    public void Hisp_is_the_magnitude_of_the_datasets_attribution_patching_so_it_is_not_averaged_over_batches()
    {
        // attribution-patching is linear in the batch-mean metric, so batching it is exact; hisp is |·| of the dataset's
        // score per node, which a mean of per-batch magnitudes is not: hisp runs on one batch and refuses several.
        var patching = Scores(Attribute("ap2", null, "--algorithm", "attribution-patching", "--batch-size", "2"));
        var hisp = Scores(Attribute("hisp", null, "--algorithm", "hisp"));
        AssertClose([.. patching.Select(Math.Abs)], hisp, 1e-4, "hisp vs |attribution-patching|");
        var (exit, _, error) = AnalysisFixture.Run("attribute", "--model", _fixture.ModelFolder, "--dataset", _fixture.DatasetPath,
            "--algorithm", "hisp", "--batch-size", "2", "--out", OutPath("hisp2"));
        Assert.Equal(1, exit);
        Assert.Contains("cannot be averaged over", error);
    }

    [Theory]
    [InlineData("eap-ig-inputs")]
    [InlineData("clean-corrupted")]
    public void Algorithms_that_need_the_corrupted_input_refuse_other_ablations_and_write_nothing(string algorithm)
    {
        var dataset = EqualLengthDataset;
        var before = _fixture.Files();
        foreach (var ablation in new[] { "mean", "mean-positional", "zero" })
        {
            var (exit, output, error) = AnalysisFixture.Run("attribute", "--model", _fixture.ModelFolder, "--dataset", dataset,
                "--algorithm", algorithm, "--ablation", ablation, "--out", OutPath("refused"));
            Assert.Equal(1, exit);
            Assert.Equal("", output);
            Assert.Contains($"supports resample ablation only (got {ablation})", error);
        }
        // Refused before any model work: a model folder that does not exist is not even looked at.
        var (missingExit, _, missingError) = AnalysisFixture.Run("attribute", "--model", Path.Combine(_fixture.Root, "no-such-model"), "--dataset", dataset,
            "--algorithm", algorithm, "--ablation", "zero", "--out", OutPath("refused"));
        Assert.Equal(1, missingExit);
        Assert.Contains("supports resample ablation only (got zero)", missingError);
        Assert.Equal(before, _fixture.Files());
    }

    // ---------------------------------------------------------------- ablations

    public static TheoryData<string, bool> AblationRuns => new()
    {
        { "resample", true }, { "mean", true }, { "mean-positional", true }, { "zero", true },
        { "mean", false }, { "zero", false },                                       // prompts of different lengths (padding)
    };

    [Theory]
    [MemberData(nameof(AblationRuns))]
    public void Eap_with_each_ablation_in_batches_of_two_matches_eap_on_the_whole_dataset_with_that_ablation(string ablation, bool equalLengths)
    {
        var prompts = equalLengths ? EqualLengthPrompts : AnalysisFixture.Prompts;
        var file = Attribute("ablation", equalLengths ? EqualLengthDataset : null, "--algorithm", "eap", "--ablation", ablation, "--batch-size", "2");
        Assert.Equal(ablation, file.Metadata["circuitbench.ablation"]);

        // Reference: one batch; the means taken over all of its clean prompts (the command must average over the whole
        // dataset, not per batch of 2).
        var model = ModelLoader.Load(_fixture.ModelFolder);
        var set = OneBatch(prompts);
        var kind = Ablation.Parse(ablation);
        var ablated = Ablation.For(kind, model, set.Clean, set.Corrupted, [set.Clean]);
        var expected = Eap.Run(model, Graph, set, MetricRegistry.Get("logit-diff"), ablated).EdgeScores;
        AssertClose(expected, Scores(file), 1e-4, $"eap --ablation {ablation}");
    }

    [Fact]
    public void Eap_with_mean_positional_ablation_is_the_average_of_eap_resampling_from_every_other_prompt()
    {
        // EAP is linear in the ablated value: score = Σ_{b,p} (A_{b,p} − a_{b,p}) · g_{b,p} with the clean gradient g. The
        // positional mean ā_p = (1/n) Σ_k a_{(b+k) mod n, p}, so mean-positional EAP = (1/n) Σ_{k=0}^{n−1} EAP resampling
        // prompt b from clean prompt (b + k) mod n (k = 0 resamples a prompt from itself: every score 0).
        var n = EqualLengthPrompts.Length;
        var positional = Scores(Attribute("mp", EqualLengthDataset, "--algorithm", "eap", "--ablation", "mean-positional"));
        var sum = new double[Graph.Edges.Count];
        for (var k = 0; k < n; k++)
        {
            var shifted = EqualLengthPrompts.Select((p, b) => (p.Clean, EqualLengthPrompts[(b + k) % n].Clean, p.Answer, p.Wrong));
            var dataset = _fixture.WriteFile($"shift{k}.json", AnalysisFixture.DatasetJson(shifted));
            var resampled = Scores(Attribute($"shift{k}", dataset, "--algorithm", "eap", "--ablation", "resample"));
            if (k == 0) Assert.All(resampled, s => Assert.Equal(0, s, 1e-9));
            for (var e = 0; e < sum.Length; e++) sum[e] += resampled[e] / n;
        }
        AssertClose(sum, positional, 1e-4, "mean-positional vs the average of the shifted resamples");
    }

    [Fact]
    public void The_four_ablations_give_different_scores_and_mean_positional_refuses_prompts_of_different_lengths()
    {
        var dataset = EqualLengthDataset;
        var scores = Ablation.Names.ToDictionary(a => a, a => Scores(Attribute(a, dataset, "--algorithm", "eap", "--ablation", a)));
        var scale = scores.Values.Max(s => s.Max(Math.Abs));
        foreach (var a in Ablation.Names)
        foreach (var b in Ablation.Names.Where(b => string.CompareOrdinal(a, b) < 0))
            Assert.True(MaxDifference(scores[a], scores[b]) > 1e-3 * scale, $"{a} and {b} give the same scores");

        var before = _fixture.Files();
        var (exit, output, error) = AnalysisFixture.Run("attribute", "--model", _fixture.ModelFolder, "--dataset", _fixture.DatasetPath,
            "--algorithm", "eap", "--ablation", "mean-positional", "--out", OutPath("refused"));
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("mean-positional ablation needs reference prompts of one token length; found lengths 3, 4, 5", error);
        Assert.Equal(before, _fixture.Files());
    }

    // ---------------------------------------------------------------- metrics

    private static readonly string[] MetricNames = ["logit-diff", "prob-diff", "answer-logprob", "cross-entropy", "kl", "kl-all-positions"];

    [Fact]
    public void Eap_with_each_metric_records_it_and_matches_eap_of_that_metric()
    {
        Assert.Equal(MetricRegistry.Metrics.Select(m => m.Name).Order(StringComparer.Ordinal), MetricNames.Order(StringComparer.Ordinal));
        var model = ModelLoader.Load(_fixture.ModelFolder);
        var set = OneBatch(AnalysisFixture.Prompts);
        var ablated = Ablation.For(AblationKind.Resample, model, set.Clean, set.Corrupted);
        var scores = new Dictionary<string, double[]>();
        foreach (var name in MetricNames)
        {
            var file = Attribute(name, null, "--algorithm", "eap", "--metric", name);
            Assert.Equal(name, file.Metadata["circuitbench.metric"]);
            scores[name] = Scores(file);
            Assert.All(scores[name], s => Assert.True(double.IsFinite(s), $"{name}: {s}"));
            if (name.StartsWith("kl", StringComparison.Ordinal)) continue;
            AssertClose(Eap.Run(model, Graph, set, MetricRegistry.Get(name), ablated).EdgeScores, scores[name], 1e-4, $"eap --metric {name}");
        }

        string[] answerMetrics = ["logit-diff", "prob-diff", "answer-logprob", "cross-entropy"];
        foreach (var a in answerMetrics)
        foreach (var b in answerMetrics.Where(b => string.CompareOrdinal(a, b) < 0))
            Assert.True(MaxDifference(scores[a], scores[b]) > 1e-3 * scores[a].Max(Math.Abs), $"{a} and {b} give the same scores");
        // One answer per prompt: cross-entropy = −log p(answer) = −answer-logprob, so its scores are the negatives.
        AssertClose(scores["answer-logprob"].Select(s => -s).ToArray(), scores["cross-entropy"], 1e-4, "cross-entropy vs −answer-logprob");
        // KL(clean ‖ patched) is minimal at the clean input, where EAP takes its gradient: every EAP score is 0.
        Assert.All(scores["kl"], s => Assert.True(Math.Abs(s) <= 1e-6, $"kl: {s}"));
        Assert.All(scores["kl-all-positions"], s => Assert.True(Math.Abs(s) <= 1e-6, $"kl-all-positions: {s}"));
    }

    [Fact]
    public void Exact_with_the_two_kl_metrics_gives_non_negative_and_different_scores()
    {
        var answer = Scores(Attribute("kl", null, "--algorithm", "exact", "--metric", "kl"));
        var all = Scores(Attribute("kl-all", null, "--algorithm", "exact", "--metric", "kl-all-positions"));
        // KL(clean ‖ clean) = 0, so each score is the KL of the patched run itself: never negative.
        Assert.All(answer, s => Assert.True(s >= -1e-6, $"kl: {s}"));
        Assert.All(all, s => Assert.True(s >= -1e-6, $"kl-all-positions: {s}"));
        Assert.True(answer.Max() > 1e-4 && all.Max() > 1e-4);
        Assert.True(MaxDifference(answer, all) > 1e-3 * answer.Max(), "kl and kl-all-positions give the same scores");
    }

    // ---------------------------------------------------------------- evaluate

    private (JsonElement Summary, ParquetFile Curve) Evaluate(string dataset, string scores, string name, params string[] extra)
    {
        var path = OutPath(name);
        var (exit, output, error) = AnalysisFixture.Run(["evaluate", "--model", _fixture.ModelFolder, "--dataset", dataset, "--scores", scores, "--out", path, .. extra]);
        Assert.True(exit == 0, error);
        using var summary = JsonDocument.Parse(output);
        return (summary.RootElement.Clone(), ParquetReader.Read(path));
    }

    /// <summary>The curve is sane: f(100 %) = 1, f = (m − empty)/(full − empty) per row, CPR and CMD the trapezoids of f and |1 − f|.</summary>
    private static void AssertSaneCurve(JsonElement summary, ParquetFile curve)
    {
        double Get(string name) => summary.GetProperty(name).ValueKind == JsonValueKind.Number ? summary.GetProperty(name).GetDouble() : double.NaN;
        var (cpr, cmd, full, empty) = (Get("cpr"), Get("cmd"), Get("full"), Get("empty"));
        Assert.True(double.IsFinite(cpr) && double.IsFinite(cmd), $"cpr {cpr}, cmd {cmd}");
        Assert.True(Math.Abs(full - empty) > 1e-6 * Math.Max(Math.Abs(full), Math.Abs(empty)), $"full {full} = empty {empty}");

        var ranking = curve.Table.Get<string>("ranking");
        var fraction = curve.Table.Get<double>("fraction");
        var metric = curve.Table.Get<double>("metric");
        var f = curve.Table.Get<double>("faithfulness");
        for (var i = 0; i < f.Length; i++)
        {
            Assert.Equal((metric[i] - empty) / (full - empty), f[i], 1e-9 * Math.Max(1, Math.Abs(f[i])));
            if (fraction[i] == 1) Assert.True(Math.Abs(f[i] - 1) <= 1e-9, $"{ranking[i]} f(100 %) = {f[i]:R}");
        }
        Assert.Equal(2, fraction.Count(x => x == 1));

        static double Area(double[] x, double[] y)
        {
            double area = 0;
            for (var i = 1; i < x.Length; i++) area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
            return area;
        }
        int[] signed = [.. Enumerable.Range(0, f.Length).Where(i => ranking[i] == "signed")];
        int[] absolute = [.. Enumerable.Range(0, f.Length).Where(i => ranking[i] == "absolute")];
        Assert.Equal(cpr, Area([.. signed.Select(i => fraction[i])], [.. signed.Select(i => f[i])]), 1e-12);
        Assert.Equal(cmd, Area([.. absolute.Select(i => fraction[i])], [.. absolute.Select(i => Math.Abs(1 - f[i]))]), 1e-12);
    }

    [Fact]
    public void Evaluate_with_mean_positional_ablation_gives_a_sane_curve_whose_empty_circuit_is_the_positional_mean()
    {
        var dataset = EqualLengthDataset;
        var scores = OutPath("scores");
        Attribute("scores", dataset, "--algorithm", "eap", "--ablation", "mean-positional");
        var (summary, curve) = Evaluate(dataset, scores, "curve-mp", "--ablation", "mean-positional", "--batch-size", "2");
        AssertSaneCurve(summary, curve);
        Assert.Equal("mean-positional", curve.Metadata["circuitbench.ablation"]);

        // m(empty): every edge carries its source's per-position mean over the dataset's clean prompts.
        var model = ModelLoader.Load(_fixture.ModelFolder);
        var set = OneBatch(EqualLengthPrompts);
        var metric = MetricRegistry.Get("logit-diff");
        var positional = Ablation.For(AblationKind.MeanPositional, model, set.Clean, reference: [set.Clean]);
        var empty = Faithfulness.Measure(model, Circuit.Empty(Graph), set, metric, positional, null).Mean;
        Assert.Equal(empty, summary.GetProperty("empty").GetDouble(), 1e-4 * Math.Max(1, Math.Abs(empty)));
        // … which a position-blind mean does not give.
        var (meanSummary, _) = Evaluate(dataset, scores, "curve-mean", "--ablation", "mean");
        Assert.True(Math.Abs(meanSummary.GetProperty("empty").GetDouble() - empty) > 1e-3 * Math.Max(1, Math.Abs(empty)));
    }

    [Fact]
    public void Evaluate_with_kl_gives_a_sane_curve_from_zero_at_the_full_model()
    {
        var scores = OutPath("scores");
        Attribute("scores", null, "--algorithm", "exact", "--metric", "kl");
        var (summary, curve) = Evaluate(_fixture.DatasetPath, scores, "curve-kl", "--metric", "kl");
        AssertSaneCurve(summary, curve);
        Assert.Equal("kl", curve.Metadata["circuitbench.metric"]);
        // The full graph reproduces the clean logits: KL ≈ 0; the empty circuit's KL is positive; no circuit's is negative.
        Assert.True(Math.Abs(summary.GetProperty("full").GetDouble()) <= 1e-5, $"full {summary.GetProperty("full")}");
        Assert.True(summary.GetProperty("empty").GetDouble() > 1e-3);
        Assert.All(curve.Table.Get<double>("metric"), m => Assert.True(m >= -1e-6, $"KL {m}"));
    }
}
