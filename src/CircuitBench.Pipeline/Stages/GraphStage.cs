using System.Text.Json.Nodes;
using CircuitBench.Circuits.Graph;
using CircuitBench.Models.Architecture;
using CircuitBench.Parquet;
using CircuitBench.Pipeline.Caching;

namespace CircuitBench.Pipeline.Stages;

/// <summary>
/// <c>graph</c>: the computational graph of a model entry (<see cref="CircuitGraph"/>): <c>graph.json</c> (layers,
/// heads, mlp, node and edge counts), <c>nodes.parquet</c> (<c>index</c>, <c>node</c>, <c>kind</c>, <c>layer</c>,
/// <c>head</c>, <c>source_index</c>: −1 for logits) and <c>edges.parquet</c> (<c>index</c>, <c>src</c>, <c>dst</c>,
/// <c>edge</c>, <c>src_index</c>, <c>dst_index</c>: the row and column of the dense [n_src, n_dst] score matrix), in
/// canonical order. The graph depends on the architecture only, so the models of several training seeds give equal
/// bytes (early cut-off). Later stages read the graph from this entry and check it against their model.
/// </summary>
internal static class GraphStage
{
    public const int Schema = 1;
    public const string SummaryFile = "graph.json";
    public const string NodesFile = "nodes.parquet";
    public const string EdgesFile = "edges.parquet";

    /// <summary>One graph target per model target (<c>graph/MODEL@REVISION/seedN</c>).</summary>
    public static string Target(string modelTarget) => $"{StageNames.Graph}/{modelTarget[(StageNames.Models.Length + 1)..]}";

    public static StageKey Key(TargetResult model) =>
        new(StageNames.Graph, Schema, new JsonObject { ["split_qkv"] = true }, new Dictionary<string, string> { ["model"] = model.ContentHash }, Code);

    public static void Build(ModelConfig config, string folder)
    {
        var graph = CircuitGraph.FromConfig(config);
        StageJson.Write(Path.Combine(folder, SummaryFile), new JsonObject
        {
            ["layers"] = graph.Layers, ["heads"] = graph.Heads, ["mlp"] = graph.HasMlp, ["nodes"] = graph.Nodes.Count, ["edges"] = graph.Edges.Count,
        });
        ParquetWriter.Write(Path.Combine(folder, NodesFile), new ParquetTable(
            ParquetColumn.Create("index", graph.Nodes.Select((_, i) => i).ToArray()),
            ParquetColumn.Create("node", graph.Nodes.Select(n => n.Name).ToArray()),
            ParquetColumn.Create("kind", graph.Nodes.Select(n => n.Kind.ToString()).ToArray()),
            ParquetColumn.Create("layer", graph.Nodes.Select(n => n.Layer).ToArray()),
            ParquetColumn.Create("head", graph.Nodes.Select(n => n.Head).ToArray()),
            ParquetColumn.Create("source_index", graph.Nodes.Select(n => n.IsSource ? graph.SourceIndex(n) : -1).ToArray())));
        ParquetWriter.Write(Path.Combine(folder, EdgesFile), new ParquetTable(
            ParquetColumn.Create("index", graph.Edges.Select(e => e.Index).ToArray()),
            ParquetColumn.Create("src", graph.Edges.Select(e => e.Source.Name).ToArray()),
            ParquetColumn.Create("dst", graph.Edges.Select(e => e.Destination.Name).ToArray()),
            ParquetColumn.Create("edge", graph.Edges.Select(e => e.Name).ToArray()),
            ParquetColumn.Create("src_index", graph.Edges.Select(e => e.SourceIndex).ToArray()),
            ParquetColumn.Create("dst_index", graph.Edges.Select(e => e.DestinationIndex).ToArray())));
    }

    /// <summary>
    /// The graph of an entry, rebuilt from <c>graph.json</c> and checked edge by edge against <c>edges.parquet</c>.
    /// </summary>
    /// <exception cref="InvalidDataException">The entry's edge list is not the graph its summary describes.</exception>
    public static CircuitGraph Read(TargetResult entry)
    {
        var summary = StageJson.Read(entry.File(SummaryFile));
        var graph = CircuitGraph.Of(summary["layers"]!.GetValue<int>(), summary["heads"]!.GetValue<int>(), summary["mlp"]!.GetValue<bool>());
        var edges = ParquetReader.Read(entry.File(EdgesFile)).Table.Get<string>("edge");
        if (edges.Length != graph.Edges.Count || edges.Where((name, i) => name != graph.Edges[i].Name).Any())
            throw new InvalidDataException($"Graph entry {entry.Folder}: {EdgesFile} lists {edges.Length} edges that are not the {graph.Edges.Count} edges of its {SummaryFile}; delete the entry to rebuild it.");
        return graph;
    }

    private static string Code { get; } = CodeVersion.Of(typeof(CircuitGraph), typeof(ParquetWriter), typeof(GraphStage));
}
