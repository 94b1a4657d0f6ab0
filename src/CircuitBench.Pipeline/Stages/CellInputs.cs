using CircuitBench.Circuits.Data;
using CircuitBench.Circuits.Graph;
using CircuitBench.Models.Architecture;
using CircuitBench.Pipeline.Caching;

namespace CircuitBench.Pipeline.Stages;

/// <summary>
/// A cell's model (loaded from its entry), dataset (read for the model) and graph (read from its graph entry once that
/// exists, and checked against the model), each loaded once per cell.
/// </summary>
internal sealed class CellInputs(TargetResult model, TargetResult dataset)
{
    private HookedTransformer? _model;
    private PromptDataset? _dataset;
    private CircuitGraph? _graph;

    /// <summary>The cell's graph entry; set once the graph target is up to date.</summary>
    public TargetResult? GraphEntry { get; set; }

    public HookedTransformer Model => _model ??= ModelStage.Load(model);

    public CircuitGraph Graph => _graph ??= ReadGraph();

    public PromptDataset Dataset => _dataset ??= DatasetReader.Read(dataset.File(DatasetStage.FileName), DatasetReadOptions.For(Model.Config, null));

    private CircuitGraph ReadGraph()
    {
        var entry = GraphEntry ?? throw new InvalidOperationException("The graph target must be brought up to date before a stage reads the cell's graph.");
        var graph = GraphStage.Read(entry);
        var config = Model.Config;
        if (graph.Layers != config.NLayers || graph.Heads != config.NHeads || graph.HasMlp == config.AttnOnly)
            throw new InvalidDataException($"Graph entry {entry.Folder} ({graph.Layers} layers × {graph.Heads} heads, mlp {graph.HasMlp}) is not the graph of model entry {model.Folder}; delete the graph entry to rebuild it.");
        return graph;
    }
}
