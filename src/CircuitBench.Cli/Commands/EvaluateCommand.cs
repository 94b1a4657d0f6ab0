using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CircuitBench.Circuits.Evaluation;
using CircuitBench.Cli.Analysis;
using CircuitBench.Models.Snapshots;
using CircuitBench.Pipeline.Analysis;
using CircuitBench.Parquet;

namespace CircuitBench.Cli.Commands;

/// <summary>
/// <c>evaluate --model M --dataset FILE.json --scores scores.parquet [--sizes 0.001,0.002,… | --counts 10,100,…]
/// [--ablation resample] [--reference FILE.json] [--metric logit-diff] [--absolute true|false] [--batch-size N]
/// [--slice-to|--slice-from NODES] [--out curve.parquet] [--per-prompt prompts.parquet] [--lock-file PATH]</c>: the faithfulness curve of the circuits
/// made of the top-scoring edges (pruned of dangling edges), at fractions of all edges (MIB's by default) or at edge
/// counts, with f = (m(C) − m(empty)) / (m(full) − m(empty)).
/// <para><c>--per-prompt</c> also writes m(C) of every prompt (dataset order) at every ranking and size, for spread
/// statistics: columns <c>ranking</c>, <c>fraction</c>, <c>prompt</c> (0-based index in the dataset) and <c>metric</c>,
/// with the same metadata.</para>
/// <para>A node-level scores file (<c>attribute --level node</c>: columns <c>node</c>, <c>score</c>) gives node-level
/// circuits instead (<see cref="Faithfulness.NodeCurve"/>): the top-scoring heads and MLPs with every edge among them,
/// input and logits; sizes are fractions (or counts) of the heads and MLPs, the table's count column is
/// <c>nodes_requested</c>, and the metadata's <c>level</c> is <c>node</c> (else <c>edge</c>).</para>
/// <para>Without <c>--absolute</c>, MIB's protocol: edges ranked by signed score give the curve whose area is CPR, and
/// ranked by |score| the curve whose area of |1 − f| is CMD. With <c>--absolute</c>, one ranking gives both areas.</para>
/// <para>Writes Parquet with one row per ranking and size — columns <c>ranking</c> (<c>signed</c> or <c>absolute</c>),
/// <c>fraction</c>, <c>edges_requested</c> (round(fraction · edges)), <c>edges</c> (after pruning), <c>metric</c> (m(C),
/// dataset mean) and <c>faithfulness</c> — with metadata (<see cref="RunMetadata"/> plus <c>scores.path</c>,
/// <c>scores.sha256</c>, <c>scores.algorithm</c>, <c>cpr</c>, <c>cmd</c>, <c>cpr.ranking</c>, <c>cmd.ranking</c>,
/// <c>metric.full</c>, <c>metric.empty</c>, <c>run.seconds</c>, <c>run.peak_rss_mb</c>), and prints one JSON line:
/// <c>{"cpr","cmd","cpr_ranking","cmd_ranking","full","empty","prompts","edges","sizes","seconds","out"}</c>
/// (non-finite values as null).</para>
/// <para>With <c>--slice-to NODES</c> or <c>--slice-from NODES</c> (<see cref="SliceOptions"/>) the curve is taken on the
/// slice (<see cref="Faithfulness"/>'s slice semantics): sizes are fractions of the slice's edges (so <c>edges_requested</c>
/// is round(fraction · slice edges) and <c>edges</c> counts slice edges), circuits are the top slice edges, "empty" ablates
/// every slice edge, and edges outside the slice are never ablated. The metadata adds <c>slice</c> and <c>slice.edges</c>,
/// and <c>scores.slice</c> when the scores file was computed on a slice (which may differ from the one evaluated).</para>
/// </summary>
public static class EvaluateCommand
{
    /// <summary>Creates the <c>evaluate</c> command.</summary>
    public static Command Create()
    {
        var options = new AnalysisOptions();
        var sliceOptions = new SliceOptions();
        var scores = new Option<string>("--scores") { Description = "Scores written by attribute: edge level, or node level for node circuits.", Required = true };
        var sizes = new Option<string?>("--sizes") { Description = "Comma-separated increasing fractions of all edges (nodes, for node scores) in (0, 1] (default: MIB's 0.001,…,1)." };
        var counts = new Option<string?>("--counts") { Description = "Circuit sizes as comma-separated increasing edge counts (node counts, for node scores), instead of --sizes." };
        var absolute = new Option<bool?>("--absolute") { Description = "Rank edges by |score| (true) or signed score (false) for both areas (default: MIB's, signed for CPR and absolute for CMD)." };
        var output = new Option<string>("--out") { Description = "The Parquet file to write (atomically).", DefaultValueFactory = _ => "curve.parquet" };
        var perPrompt = new Option<string?>("--per-prompt") { Description = "Also write every prompt's m(C) at each ranking and size to this Parquet file." };
        var command = new Command("evaluate", "Faithfulness curve, CPR and CMD of the circuits given by an edge (or node) scores file.") { scores, sizes, counts, absolute, output, perPrompt };
        command.Validators.Add(result =>
        {
            if (result.GetResult(sizes) is { Implicit: false } && result.GetResult(counts) is { Implicit: false })
                result.AddError("--sizes and --counts cannot be combined; give the circuit sizes one way.");
        });
        options.AddTo(command);
        sliceOptions.AddTo(command);
        command.SetAction(parse => AnalysisErrors.Report(parse, writer =>
        {
            var clock = Stopwatch.StartNew();
            var requested = parse.GetValue(sizes) is { } text ? ParseSizes(text) : Faithfulness.MibFractions;
            var countsText = parse.GetValue(counts);
            var countList = countsText is null ? null : ParseCounts(countsText);
            var metric = options.MetricOf(parse);
            var ablation = options.AblationOf(parse);
            var scoresPath = Path.GetFullPath(parse.GetValue(scores)!);
            var scoresBytes = File.ReadAllBytes(scoresPath);
            var scoresFile = ParquetReader.Read(scoresBytes, scoresPath);
            var inputs = AnalysisInputs.Load(parse, options, SnapshotResolver.FromEnvironment());
            var nodeLevel = ScoreTables.IsNodeTable(scoresFile);
            var slice = sliceOptions.SliceOf(parse, inputs.Graph);
            if (nodeLevel && slice is not null)
                throw new ArgumentException($"'{scoresPath}' holds node scores; --slice-to and --slice-from apply to edge scores (run attribute with --level edge).");
            var scored = nodeLevel ? ScoreTables.ReadNodeScores(scoresFile, inputs.Graph) : ScoreTables.ReadEdgeScores(scoresFile, inputs.Graph);
            var studied = nodeLevel ? Faithfulness.NodeCandidates(inputs.Graph).Count : slice?.Slice.Edges.Count ?? inputs.Graph.Edges.Count;
            var fractions = countList is null ? requested : CountsAsFractions(countsText!, countList, studied, nodeLevel ? "nodes (heads and MLPs)" : "edges");
            var batchSize = parse.GetValue(options.BatchSize);
            var batches = inputs.Dataset.Batches(batchSize);
            var ablated = new AblatedOutputs(inputs.Model, ablation, inputs.Dataset, batches, inputs.Reference);
            bool[] rankings = parse.GetValue(absolute) is { } one ? [one] : [false, true];
            var curves = nodeLevel
                ? BatchedFaithfulness.NodeCurves(inputs.Model, inputs.Graph, batches, ablated, metric, scored, fractions, rankings)
                : BatchedFaithfulness.Curves(inputs.Model, inputs.Graph, batches, ablated, metric, scored, fractions, rankings, slice?.Slice);
            var (cpr, cmd) = (curves[0].AreaUnder, curves[^1].AreaFromOne);
            var (cprRanking, cmdRanking) = (Ranking(rankings[0]), Ranking(rankings[^1]));

            var metadata = RunMetadata.Describe("faithfulness-curve", inputs, metric, parse.GetValue(options.Ablation)!, batchSize);
            metadata["level"] = nodeLevel ? "node" : "edge";
            metadata["scores.path"] = scoresPath;
            metadata["scores.sha256"] = Convert.ToHexStringLower(SHA256.HashData(scoresBytes));
            if (scoresFile.Metadata.GetValueOrDefault(RunMetadata.Prefix + "algorithm") is { } algorithm) metadata["scores.algorithm"] = algorithm;
            if (scoresFile.Metadata.GetValueOrDefault(RunMetadata.Prefix + "slice") is { } scoresSlice) metadata["scores.slice"] = scoresSlice;
            slice?.AddTo(metadata);
            (metadata["cpr"], metadata["cmd"], metadata["cpr.ranking"], metadata["cmd.ranking"]) = (RunMetadata.Text(cpr), RunMetadata.Text(cmd), cprRanking, cmdRanking);
            (metadata["metric.full"], metadata["metric.empty"]) = (RunMetadata.Text(curves[0].Full), RunMetadata.Text(curves[0].Empty));
            RunMetadata.AddTiming(metadata, clock.Elapsed, Process.GetCurrentProcess().PeakWorkingSet64);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            if (parse.GetValue(perPrompt) is { } promptsPath)
                ParquetWriter.Write(Path.GetFullPath(promptsPath), PromptTable(rankings, curves), new ParquetWriteOptions { Metadata = RunMetadata.Prefixed(metadata) });
            ParquetWriter.Write(path, CurveTable(nodeLevel ? "nodes_requested" : "edges_requested", studied, rankings, curves), new ParquetWriteOptions { Metadata = RunMetadata.Prefixed(metadata) });
            writer.WriteLine(Summary(cpr, cmd, cprRanking, cmdRanking, curves[0], inputs, fractions.Count, clock.Elapsed, path));
            return 0;
        }));
        return command;
    }

    private static string Ranking(bool absolute) => absolute ? "absolute" : "signed";

    // requested: the size column's name; studied: the edges (or nodes) the fractions are of.
    private static ParquetTable CurveTable(string requested, int studied, IReadOnlyList<bool> rankings, IReadOnlyList<FaithfulnessCurve> curves)
    {
        var rows = rankings.SelectMany((absolute, r) => curves[r].Points.Select(p => (Ranking: Ranking(absolute), Point: p))).ToArray();
        return new ParquetTable(
            ParquetColumn.Create("ranking", rows.Select(r => r.Ranking).ToArray()),
            ParquetColumn.Create("fraction", rows.Select(r => r.Point.Fraction).ToArray()),
            ParquetColumn.Create(requested, rows.Select(r => (int)Math.Round(r.Point.Fraction * studied)).ToArray()),
            ParquetColumn.Create("edges", rows.Select(r => r.Point.Edges).ToArray()),
            ParquetColumn.Create("metric", rows.Select(r => r.Point.Metric).ToArray()),
            ParquetColumn.Create("faithfulness", rows.Select(r => r.Point.Normalized).ToArray()));
    }

    private static ParquetTable PromptTable(IReadOnlyList<bool> rankings, IReadOnlyList<FaithfulnessCurve> curves)
    {
        var rows = rankings.SelectMany((absolute, r) => curves[r].Points.SelectMany(p => p.PerPrompt.Select((value, prompt) => (Ranking: Ranking(absolute), p.Fraction, Prompt: prompt, Value: value)))).ToArray();
        return new ParquetTable(
            ParquetColumn.Create("ranking", rows.Select(r => r.Ranking).ToArray()),
            ParquetColumn.Create("fraction", rows.Select(r => r.Fraction).ToArray()),
            ParquetColumn.Create("prompt", rows.Select(r => r.Prompt).ToArray()),
            ParquetColumn.Create("metric", rows.Select(r => r.Value).ToArray()));
    }

    private static double[] ParseSizes(string text)
    {
        var sizes = text.Split(',', StringSplitOptions.TrimEntries).Select(part =>
            double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= 1
                ? value
                : throw new ArgumentException($"--sizes '{text}': '{part}' is not a fraction in (0, 1]; write e.g. --sizes 0.01,0.1,1.")).ToArray();
        if (sizes.Zip(sizes.Skip(1)).Any(pair => pair.First >= pair.Second))
            throw new ArgumentException($"--sizes '{text}': the fractions must increase.");
        return sizes;
    }

    private static int[] ParseCounts(string text) => [.. text.Split(',', StringSplitOptions.TrimEntries).Select(part =>
        int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1
            ? value
            : throw new ArgumentException($"--counts '{text}': '{part}' is not a whole number ≥ 1; write e.g. --counts 10,100,1000."))];

    private static double[] CountsAsFractions(string text, int[] counts, int studied, string what)
    {
        if (counts.Zip(counts.Skip(1)).Any(pair => pair.First >= pair.Second))
            throw new ArgumentException($"--counts '{text}': the counts must increase.");
        if (counts[^1] > studied)
            throw new ArgumentException($"--counts '{text}': {counts[^1]} is more than the {studied} {what} there are to choose from.");
        return Faithfulness.FractionsOfCounts(counts, studied);
    }

    private static string Summary(double cpr, double cmd, string cprRanking, string cmdRanking, FaithfulnessCurve curve, AnalysisInputs inputs,
        int sizes, TimeSpan elapsed, string path)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            void Number(string name, double value)
            {
                if (double.IsFinite(value)) json.WriteNumber(name, value);
                else json.WriteNull(name);
            }
            json.WriteStartObject();
            Number("cpr", cpr);
            Number("cmd", cmd);
            json.WriteString("cpr_ranking", cprRanking);
            json.WriteString("cmd_ranking", cmdRanking);
            Number("full", curve.Full);
            Number("empty", curve.Empty);
            json.WriteNumber("prompts", inputs.Dataset.Prompts.Count);
            json.WriteNumber("edges", inputs.Graph.Edges.Count);
            json.WriteNumber("sizes", sizes);
            json.WriteNumber("seconds", Math.Round(elapsed.TotalSeconds, 3));
            json.WriteString("out", path);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
