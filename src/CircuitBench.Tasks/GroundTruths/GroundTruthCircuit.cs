using CircuitBench.Circuits.Graph;

namespace CircuitBench.Tasks.GroundTruths;

/// <summary>A node of a ground-truth circuit with its role (e.g. <c>name mover</c>).</summary>
public sealed record GroundTruthNode(string Name, string Role);

/// <summary>An edge of a ground-truth circuit (<c>src->dst</c>) with the note saying why it is in.</summary>
public sealed record GroundTruthEdge(string Name, string Source);

/// <summary>
/// A ground-truth circuit for one model and task: its nodes with roles and its edges, each with a source note, in the
/// graph's edge names (<see cref="CircuitGraph"/>).
/// </summary>
/// <param name="Model">The model it belongs to (preset or recipe name, or a model folder).</param>
/// <param name="Task">The task name.</param>
/// <param name="Layers">The model's layers.</param>
/// <param name="Heads">Heads per layer.</param>
/// <param name="HasMlp">Whether the model has MLPs.</param>
/// <param name="Source">Where the circuit comes from.</param>
/// <param name="Nodes">Nodes with roles.</param>
/// <param name="Edges">Edges in the graph's canonical order.</param>
public sealed record GroundTruthCircuit(string Model, string Task, int Layers, int Heads, bool HasMlp, string Source,
    IReadOnlyList<GroundTruthNode> Nodes, IReadOnlyList<GroundTruthEdge> Edges)
{
    /// <summary>One flag per edge of <paramref name="graph"/> (true = in the ground truth), as <see cref="Circuits.Evaluation.Roc"/> takes them.</summary>
    /// <exception cref="ArgumentException">The graph is not this model's shape.</exception>
    public bool[] Flags(CircuitGraph graph)
    {
        if (graph.Layers != Layers || graph.Heads != Heads || graph.HasMlp != HasMlp)
            throw new ArgumentException($"The ground truth for {Model} ({Layers} layers × {Heads} heads{(HasMlp ? ", MLPs" : ", attention only")}) does not fit a graph of {graph.Layers} layers × {graph.Heads} heads{(graph.HasMlp ? ", MLPs" : ", attention only")}.");
        var flags = new bool[graph.Edges.Count];
        foreach (var edge in Edges) flags[graph.Edge(edge.Name).Index] = true;
        return flags;
    }

    /// <summary>A ground truth over <paramref name="graph"/> from edge names with notes, sorted into the graph's edge order (each edge once, first note kept).</summary>
    public static GroundTruthCircuit FromEdges(string model, string task, CircuitGraph graph, string source,
        IEnumerable<GroundTruthNode> nodes, IEnumerable<(string Edge, string Note)> edges)
    {
        var kept = new Dictionary<int, GroundTruthEdge>();
        foreach (var (name, note) in edges)
        {
            var edge = graph.Edge(name);
            kept.TryAdd(edge.Index, new GroundTruthEdge(edge.Name, note));
        }
        return new GroundTruthCircuit(model, task, graph.Layers, graph.Heads, graph.HasMlp, source, [.. nodes],
            [.. kept.OrderBy(p => p.Key).Select(p => p.Value)]);
    }
}
