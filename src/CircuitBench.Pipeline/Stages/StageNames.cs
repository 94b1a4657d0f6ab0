namespace CircuitBench.Pipeline.Stages;

/// <summary>The stages in dependency order: each needs the ones before it.</summary>
public static class StageNames
{
    /// <summary>Generated (or given) task datasets.</summary>
    public const string Datasets = "datasets";

    /// <summary>Trained toy models, or resolved snapshots past the integrity gate.</summary>
    public const string Models = "models";

    /// <summary>The computational graph of each model (nodes and edges in canonical order).</summary>
    public const string Graph = "graph";

    /// <summary>Optional (<c>cache_activations</c>): the ablated source outputs of each (model, dataset, ablation, batch size).</summary>
    public const string Activations = "activations";

    /// <summary>The ground-truth circuit of each (task, model): derived, published, or the exact-patching reference.</summary>
    public const string GroundTruth = "ground-truth";

    /// <summary>Edge scores.</summary>
    public const string Attribute = "attribute";

    /// <summary>Circuits at the spec's sizes.</summary>
    public const string Circuits = "circuits";

    /// <summary>Faithfulness curves, CPR and CMD.</summary>
    public const string Evaluate = "evaluate";

    /// <summary>ROC curve and AUC of each cell's scores against its ground truth.</summary>
    public const string Roc = "roc";

    /// <summary>The sweep's summary.parquet (one row per cell).</summary>
    public const string Aggregate = "aggregate";

    /// <summary>The sweep's SVG figures and circuit diagrams.</summary>
    public const string Plots = "plots";

    /// <summary>The sweep's report.md and report.html.</summary>
    public const string Report = "report";

    /// <summary>Every stage, in order.</summary>
    public static IReadOnlyList<string> All { get; } = [Datasets, Models, Graph, Activations, GroundTruth, Attribute, Circuits, Evaluate, Roc, Aggregate, Plots, Report];
}
