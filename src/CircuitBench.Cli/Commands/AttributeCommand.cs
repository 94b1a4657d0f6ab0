using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Construction;
using CircuitBench.Cli.Analysis;
using CircuitBench.Models.Snapshots;
using CircuitBench.Pipeline.Analysis;
using CircuitBench.Parquet;

namespace CircuitBench.Cli.Commands;

/// <summary>
/// <c>attribute --model M --dataset FILE.json --algorithm NAME [--metric logit-diff] [--ablation resample] [--ig-steps N]
/// [--param k=v …] [--level edge|node] [--batch-size N] [--out scores.parquet] [--lock-file PATH]</c>: scores every
/// edge of the model's graph with the algorithm over the dataset (batch by batch, see <see cref="BatchedAttribution"/>) and
/// writes them as Parquet (columns in <see cref="ScoreTables"/>), with the run's metadata (<see cref="RunMetadata"/>, plus
/// <c>level</c>, <c>algorithm</c>, <c>algorithm.parameters</c> as JSON, and the <c>run.*</c> cost entries). Prints the
/// top edges and the cost. Names and parameters are checked before the model is loaded; nothing is written on error.
/// <para>With <c>--slice-to NODES</c> or <c>--slice-from NODES</c> (<see cref="SliceOptions"/>) only the slice's edges are
/// studied: edges outside it are never ablated and score 0; the table still has one row per graph edge, plus a boolean
/// <c>in_slice</c> column, and the metadata adds <c>slice</c> (e.g. <c>to:a1.h0,m1</c>) and <c>slice.edges</c>.</para>
/// </summary>
public static class AttributeCommand
{
    private const int TopShown = 10;

    /// <summary>Creates the <c>attribute</c> command.</summary>
    public static Command Create()
    {
        var options = new AnalysisOptions();
        var sliceOptions = new SliceOptions();
        var algorithm = new Option<string>("--algorithm") { Description = "Attribution algorithm (see list-algorithms).", Required = true };
        var igSteps = new Option<int?>("--ig-steps") { Description = $"Integrated-gradient steps, for algorithms with an '{AlgorithmParameters.IgSteps}' parameter (default: the algorithm's, 5)." };
        igSteps.Validators.Add(result => CommonOptions.RequirePositive(result, "--ig-steps"));
        var parameters = new Option<string[]>("--param") { Description = "An algorithm parameter as name=value; repeat for several.", AllowMultipleArgumentsPerToken = false };
        var level = new Option<string>("--level") { Description = "edge: one row per edge; node: one row per source node, Σ |edge score| of its outgoing edges.", DefaultValueFactory = _ => "edge" };
        level.AcceptOnlyFromAmong("edge", "node");
        var output = new Option<string>("--out") { Description = "The Parquet file to write (atomically).", DefaultValueFactory = _ => "scores.parquet" };
        var command = new Command("attribute", "Score every edge of a model's graph with an attribution algorithm and write the scores as Parquet.")
        {
            algorithm, igSteps, parameters, level, output,
        };
        options.AddTo(command);
        sliceOptions.AddTo(command);
        command.SetAction(parse => AnalysisErrors.Report(parse, writer =>
        {
            var chosen = AlgorithmRegistry.Get(parse.GetValue(algorithm)!);
            var given = AlgorithmParameters.Parse(chosen, parse.GetValue(parameters) ?? [], parse.GetValue(igSteps));
            var metric = options.MetricOf(parse, chosen);
            var ablation = options.AblationOf(parse);
            if (chosen.Refuses(ablation) is { } refusal) throw new ArgumentException(refusal);
            var inputs = AnalysisInputs.Load(parse, options, SnapshotResolver.FromEnvironment());
            var slice = sliceOptions.SliceOf(parse, inputs.Graph);
            var batchSize = options.BatchSizeOf(parse, chosen, inputs.Dataset);
            var scores = AttributionProgressDisplay.Run(writer, chosen.Name, progress =>
                BatchedAttribution.Run(chosen, inputs.Model, inputs.Graph, inputs.Dataset, inputs.Dataset.Batches(batchSize), metric, ablation, given, progress, slice?.Slice, inputs.Reference));
            var nodeLevel = parse.GetValue(level) == "node";
            var metadata = RunMetadata.Describe(nodeLevel ? "node-scores" : "edge-scores", inputs, metric, parse.GetValue(options.Ablation)!, batchSize);
            metadata["level"] = nodeLevel ? "node" : "edge";
            metadata["algorithm"] = chosen.Name;
            metadata["algorithm.parameters"] = JsonSerializer.Serialize(AlgorithmParameters.Effective(chosen, given));
            RunMetadata.AddCost(metadata, scores.Cost);
            slice?.AddTo(metadata);
            var table = nodeLevel ? ScoreTables.Nodes(scores) : ScoreTables.Edges(inputs.Graph, scores.EdgeScores, slice?.Slice);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            ParquetWriter.Write(path, table, new ParquetWriteOptions { Metadata = RunMetadata.Prefixed(metadata) });
            Summarize(writer, scores, path, table.RowCount);
            return 0;
        }));
        return command;
    }

    private static void Summarize(TextWriter writer, AttributionScores scores, string path, int rows)
    {
        var cost = scores.Cost;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scores.Algorithm}: {scores.Graph.Edges.Count} edges scored in {cost.Elapsed.TotalSeconds:F2} s ({cost.Forwards} forwards, {cost.Backwards} backwards, peak {cost.PeakWorkingSetBytes / (1024.0 * 1024.0):F0} MB)"));
        writer.WriteLine($"top edges by |score|:");
        foreach (var index in CircuitBuilder.Ranking(scores.EdgeScores).Take(TopShown))
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {scores.Graph.Edges[index].Name,-28} {scores.EdgeScores[index],14:G6}"));
        writer.WriteLine($"wrote {rows} rows to {path}");
    }
}
