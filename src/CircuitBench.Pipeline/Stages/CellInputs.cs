using CircuitBench.Circuits.Data;
using CircuitBench.Circuits.Graph;
using CircuitBench.Models.Architecture;
using CircuitBench.Pipeline.Caching;

namespace CircuitBench.Pipeline.Stages;

/// <summary>A cell's model (loaded from its entry), graph and dataset (read for the model), loaded once per cell.</summary>
internal sealed class CellInputs(TargetResult model, TargetResult dataset)
{
    private HookedTransformer? _model;
    private PromptDataset? _dataset;

    public HookedTransformer Model => _model ??= ModelStage.Load(model);

    public CircuitGraph Graph => CircuitGraph.FromConfig(Model.Config);

    public PromptDataset Dataset => _dataset ??= DatasetReader.Read(dataset.File(DatasetStage.FileName), DatasetReadOptions.For(Model.Config, null));
}
