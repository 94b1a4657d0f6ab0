using System.Security.Cryptography;
using System.Text.Json;
using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Models.Architecture;
using CircuitBench.Models.Loading;
using CircuitBench.Models.Snapshots;
using CircuitBench.Parquet;

namespace CircuitBench.Cli.Tests;

/// <summary><c>attribute</c> on a small random GPT-2 and an id-only dataset: the Parquet table, its metadata, and errors that write nothing.</summary>
public sealed class AttributeCommandTests : IDisposable
{
    private readonly AnalysisFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private string OutPath => Path.Combine(_fixture.Root, "out", "scores.parquet");

    private (int Exit, string Output, string Error) Attribute(params string[] extra) =>
        AnalysisFixture.Run(["attribute", "--model", _fixture.ModelFolder, "--dataset", _fixture.DatasetPath, "--out", OutPath, .. extra]);

    /// <summary>EAP run directly on the whole dataset as one batch: the reference for the command's scores.</summary>
    private static double[] DirectEap(string modelFolder)
    {
        var model = ModelLoader.Load(modelFolder);
        var prompts = AnalysisFixture.Prompts;
        var set = new PromptSet(new TokenBatch([.. prompts.Select(p => p.Clean)]), new TokenBatch([.. prompts.Select(p => p.Corrupt)]),
            [.. prompts.Select(p => new[] { p.Answer })], [.. prompts.Select(p => new[] { p.Wrong })]);
        return Eap.Run(model, CircuitGraph.FromConfig(model.Config), set, MetricRegistry.Get("logit-diff")).EdgeScores;
    }

    [Fact]
    public void Writes_one_row_per_edge_with_ranks_and_run_metadata()
    {
        var (exit, output, error) = Attribute("--algorithm", "eap", "--batch-size", "2");
        Assert.True(exit == 0, error);
        var file = ParquetReader.Read(OutPath);
        var graph = CircuitGraph.FromConfig(AnalysisFixture.Config);
        Assert.Equal(["src", "dst", "edge", "score", "abs_rank"], file.Table.Columns.Select(c => c.Name));
        Assert.Equal(graph.Edges.Count, file.RowCount);
        Assert.Equal(graph.Edges.Select(e => e.Name), file.Table.Get<string>("edge"));
        Assert.Equal(graph.Edges.Select(e => e.Source.Name), file.Table.Get<string>("src"));
        Assert.Equal(graph.Edges.Select(e => e.Destination.Name), file.Table.Get<string>("dst"));

        var scores = file.Table.Get<double>("score");
        var expected = DirectEap(_fixture.ModelFolder);
        var scale = expected.Max(Math.Abs);
        Assert.True(scale > 0);
        for (var e = 0; e < scores.Length; e++)
            Assert.True(Math.Abs(scores[e] - expected[e]) <= 1e-4 * scale, $"{graph.Edges[e].Name}: {scores[e]} vs one-batch {expected[e]}");
        var ranks = file.Table.Get<int>("abs_rank");
        Assert.Equal(Enumerable.Range(1, scores.Length), ranks.Order());
        var top = Array.IndexOf(ranks, 1);
        Assert.Equal(scores.Max(Math.Abs), Math.Abs(scores[top]));

        var meta = file.Metadata;
        Assert.Equal("edge-scores", meta["circuitbench.kind"]);
        Assert.Equal("eap", meta["circuitbench.algorithm"]);
        Assert.Equal("{}", meta["circuitbench.algorithm.parameters"]);
        Assert.Equal("logit-diff", meta["circuitbench.metric"]);
        Assert.Equal("resample", meta["circuitbench.ablation"]);
        Assert.Equal("edge", meta["circuitbench.level"]);
        Assert.Equal("2", meta["circuitbench.batch_size"]);
        Assert.Equal(_fixture.DatasetPath, meta["circuitbench.dataset.path"]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_fixture.DatasetPath))), meta["circuitbench.dataset.sha256"]);
        Assert.Equal("5", meta["circuitbench.dataset.prompts"]);
        Assert.Equal(_fixture.ModelFolder, meta["circuitbench.model.reference"]);
        Assert.False(string.IsNullOrEmpty(meta["circuitbench.version"]));
        // 3 batches: each one corrupted forward and EAP's clean forward + backward.
        Assert.Equal("6", meta["circuitbench.run.forwards"]);
        Assert.Equal("3", meta["circuitbench.run.backwards"]);
        Assert.True(double.Parse(meta["circuitbench.run.seconds"]!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.True(double.Parse(meta["circuitbench.run.peak_rss_mb"]!, System.Globalization.CultureInfo.InvariantCulture) > 1);
        Assert.False(meta.ContainsKey("circuitbench.model.files"));

        Assert.Contains("top edges by |score|", output);
        Assert.Contains(graph.Edges[top].Name, output);
        Assert.Contains($"wrote {graph.Edges.Count} rows", output);
    }

    [Fact]
    public void Node_level_sums_absolute_edge_scores_per_source_and_a_lock_file_adds_file_hashes()
    {
        var lockPath = Path.Combine(_fixture.Root, "models.lock.json");
        ModelLock.Write(lockPath, _fixture.ModelFolder, SnapshotResolver.FromEnvironment());
        var (exit, _, error) = Attribute("--algorithm", "eap", "--level", "node", "--lock-file", lockPath);
        Assert.True(exit == 0, error);
        var file = ParquetReader.Read(OutPath);
        var graph = CircuitGraph.FromConfig(AnalysisFixture.Config);
        Assert.Equal(["node", "score"], file.Table.Columns.Select(c => c.Name));
        Assert.Equal(graph.Sources.Select(n => n.Name), file.Table.Get<string>("node"));
        var edges = DirectEap(_fixture.ModelFolder);
        var nodes = file.Table.Get<double>("score");
        for (var s = 0; s < graph.Sources.Count; s++)
        {
            var expected = graph.Edges.Where(e => e.SourceIndex == s).Sum(e => Math.Abs(edges[e.Index]));
            Assert.Equal(expected, nodes[s], expected * 1e-4 + 1e-9);
        }
        Assert.Equal("node-scores", file.Metadata["circuitbench.kind"]);
        Assert.Equal(lockPath, file.Metadata["circuitbench.model.lock_file"]);
        var hashes = JsonSerializer.Deserialize<Dictionary<string, string>>(file.Metadata["circuitbench.model.files"]!)!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(_fixture.ModelFolder, "model.safetensors")))), hashes["model.safetensors"]);
    }

    [Fact]
    public void Algorithm_parameters_reach_the_algorithm_are_checked_and_recorded_with_defaults()
    {
        var algorithm = RecordingAlgorithm.Registered;
        var (exit, _, error) = Attribute("--algorithm", algorithm.Name, "--ig-steps", "3", "--batch-size", "5");
        Assert.True(exit == 0, error);
        Assert.Equal(new Dictionary<string, string> { ["ig-steps"] = "3" }, algorithm.Seen[^1]);
        Assert.Equal("""{"ig-steps":"3","seed":"0"}""", ParquetReader.Read(OutPath).Metadata["circuitbench.algorithm.parameters"]);
        (exit, _, error) = Attribute("--algorithm", algorithm.Name, "--param", "seed=7", "--batch-size", "5");
        Assert.True(exit == 0, error);
        Assert.Equal(new Dictionary<string, string> { ["seed"] = "7" }, algorithm.Seen[^1]);

        foreach (var (args, expected) in new (string[], string)[]
                 {
                     (["--algorithm", "eap", "--ig-steps", "3"], "algorithm 'eap' has no parameter 'ig-steps'; it takes none."),
                     (["--algorithm", algorithm.Name, "--param", "steps=3"], "has no parameter 'steps'; it takes: ig-steps, seed."),
                     (["--algorithm", algorithm.Name, "--param", "seed"], "write name=value"),
                     (["--algorithm", algorithm.Name, "--param", "ig-steps=2", "--ig-steps", "3"], "parameter 'ig-steps' is given twice"),
                 })
        {
            (exit, _, error) = Attribute(args);
            Assert.Equal(1, exit);
            Assert.Contains(expected, error);
        }
    }

    [Theory]
    [InlineData("--algorithm", "eapp", "Unknown algorithm 'eapp'", "eap, ")]
    [InlineData("--metric", "logit-dif", "Unknown metric 'logit-dif'", "logit-diff, prob-diff")]
    [InlineData("--ablation", "resampl", "Unknown ablation 'resampl'", "resample, mean, mean-positional, zero")]
    public void Unknown_names_list_the_valid_ones_and_write_nothing(string option, string value, string message, string valid)
    {
        List<string> args = ["--algorithm", "eap"];
        if (option == "--algorithm") args[1] = value;
        else args.AddRange([option, value]);
        var before = _fixture.Files();
        var (exit, output, error) = Attribute([.. args]);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains(message, error);
        Assert.Contains(valid, error);
        Assert.Equal(before, _fixture.Files());
    }

    [Fact]
    public void Dataset_errors_name_the_prompt_and_write_nothing()
    {
        var unequal = _fixture.WriteFile("unequal.json", AnalysisFixture.DatasetJson([([1, 2], [3, 4], 1, 2), ([1, 2, 3], [4, 5], 1, 2)]));
        var text = _fixture.WriteFile("text.json", """{"prompts": [{"clean": "When Mary", "corrupt": [1, 2], "answers": [1], "wrong_answers": [2]}]}""");
        var empty = _fixture.WriteFile("empty.json", """{"prompts": []}""");
        var before = _fixture.Files();
        foreach (var (path, expected) in new[]
                 {
                     (unequal, "prompt 1, field 'corrupt': 'clean' has 3 tokens but 'corrupt' has 2; resample ablation pairs them"),
                     (text, "prompt 0, field 'clean': is text, but the model has no tokenizer"),
                     (empty, "the dataset has no prompts"),
                     (Path.Combine(_fixture.Root, "missing.json"), "does not exist"),
                 })
        {
            var (exit, output, error) = AnalysisFixture.Run("attribute", "--model", _fixture.ModelFolder, "--dataset", path, "--algorithm", "eap", "--out", OutPath);
            Assert.Equal(1, exit);
            Assert.Equal("", output);
            Assert.Contains(expected, error);
        }
        Assert.Equal(before, _fixture.Files());
        // Unequal lengths are fine when the ablation does not pair prompts.
        var (zeroExit, _, zeroError) = AnalysisFixture.Run("attribute", "--model", _fixture.ModelFolder, "--dataset", unequal, "--algorithm", "eap", "--ablation", "zero", "--out", OutPath);
        Assert.True(zeroExit == 0, zeroError);
    }

    [Fact]
    public void Acdc_defaults_to_kl_and_one_batch_and_refuses_a_batch_size_that_splits_the_prompts()
    {
        var (exit, _, error) = Attribute("--algorithm", "acdc", "--param", "thresholds=0.01,0.1");
        Assert.True(exit == 0, error);
        var meta = ParquetReader.Read(OutPath).Metadata;
        Assert.Equal("kl", meta["circuitbench.metric"]);
        Assert.Equal(AnalysisFixture.Prompts.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), meta["circuitbench.batch_size"]);

        var (named, _, namedError) = Attribute("--algorithm", "acdc", "--param", "thresholds=0.01,0.1", "--metric", "logit-diff");
        Assert.True(named == 0, namedError);
        Assert.Equal("logit-diff", ParquetReader.Read(OutPath).Metadata["circuitbench.metric"]);

        File.Delete(OutPath);
        var (split, _, splitError) = Attribute("--algorithm", "acdc", "--batch-size", "2");
        Assert.NotEqual(0, split);
        Assert.Contains($"batch size of at least {AnalysisFixture.Prompts.Length}", splitError);
        Assert.False(File.Exists(OutPath));
    }

    [Fact]
    public void Mean_ablation_averages_over_a_reference_dataset_when_given_one()
    {
        var reference = _fixture.WriteFile("reference.json", AnalysisFixture.DatasetJson([([9, 9, 10], [9, 9, 10], 1, 2), ([10, 0, 3, 8], [10, 0, 3, 8], 4, 5)]));
        var (exit, _, error) = Attribute("--algorithm", "eap", "--ablation", "mean");
        Assert.True(exit == 0, error);
        var own = ParquetReader.Read(OutPath);
        Assert.False(own.Metadata.ContainsKey("circuitbench.reference.path"));
        var (selfExit, _, selfError) = Attribute("--algorithm", "eap", "--ablation", "mean", "--reference", _fixture.DatasetPath);
        Assert.True(selfExit == 0, selfError);
        Assert.Equal(own.Table.Get<double>("score"), ParquetReader.Read(OutPath).Table.Get<double>("score"));   // the dataset itself: the default

        var (refExit, _, refError) = Attribute("--algorithm", "eap", "--ablation", "mean", "--reference", reference);
        Assert.True(refExit == 0, refError);
        var other = ParquetReader.Read(OutPath);
        Assert.Equal(Path.GetFullPath(reference), other.Metadata["circuitbench.reference.path"]);
        Assert.Equal("2", other.Metadata["circuitbench.reference.prompts"]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(reference))), other.Metadata["circuitbench.reference.sha256"]);
        Assert.NotEqual(own.Table.Get<double>("score"), other.Table.Get<double>("score"));

        File.Delete(OutPath);
        var (resample, _, resampleError) = Attribute("--algorithm", "eap", "--ablation", "resample", "--reference", reference);
        Assert.NotEqual(0, resample);
        Assert.Contains("only averaged by the mean and mean-positional ablations", resampleError);
        Assert.False(File.Exists(OutPath));
    }

    [Fact]
    public void Node_tables_hold_a_node_algorithms_own_scores_and_sum_edge_magnitudes_otherwise()
    {
        var graph = CircuitGraph.FromConfig(AnalysisFixture.Config);
        foreach (var algorithm in new[] { "hisp", "attribution-patching", "eap" })
        {
            var (edgeExit, _, edgeError) = Attribute("--algorithm", algorithm);
            Assert.True(edgeExit == 0, edgeError);
            var edges = ParquetReader.Read(OutPath).Table.Get<double>("score");
            var (nodeExit, _, nodeError) = Attribute("--algorithm", algorithm, "--level", "node");
            Assert.True(nodeExit == 0, nodeError);
            var nodes = ParquetReader.Read(OutPath).Table;
            Assert.Equal(graph.Sources.Select(n => n.Name), nodes.Get<string>("node"));
            var values = nodes.Get<double>("score");
            foreach (var (source, s) in graph.Sources.Select((n, s) => (n, s)))
            {
                var outgoing = graph.Edges.Where(e => e.SourceIndex == s).Select(e => edges[e.Index]).ToArray();
                var expected = algorithm == "eap" ? outgoing.Sum(Math.Abs) : outgoing[0];    // node algorithms: every edge carries the node's score
                Assert.True(Math.Abs(values[s] - expected) <= 1e-12 * (1 + Math.Abs(expected)), $"{algorithm} {source.Name}: {values[s]} vs {expected}");
            }
        }
    }

    [Fact]
    public void The_random_baseline_runs_no_forward_even_with_resample_ablation()
    {
        var (exit, _, error) = Attribute("--algorithm", "random", "--ablation", "resample");
        Assert.True(exit == 0, error);
        var meta = ParquetReader.Read(OutPath).Metadata;
        Assert.Equal("0", meta["circuitbench.run.forwards"]);
        Assert.Equal("0", meta["circuitbench.run.backwards"]);
        var (eapExit, _, eapError) = Attribute("--algorithm", "eap", "--ablation", "resample");
        Assert.True(eapExit == 0, eapError);
        Assert.Equal("2", ParquetReader.Read(OutPath).Metadata["circuitbench.run.forwards"]);   // the corrupted forward and the clean one
    }
}
