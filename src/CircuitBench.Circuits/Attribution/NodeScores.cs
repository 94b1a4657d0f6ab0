using CircuitBench.Circuits.Graph;

namespace CircuitBench.Circuits.Attribution;

/// <summary>
/// One score per source node (<c>input</c>, heads, MLPs) in source order, for node-level algorithms. As edge
/// scores (<see cref="ToEdgeScores"/>) every edge takes its source node's score: ablating a node is ablating all
/// of its outgoing edges, so a node-level ranking of edges keeps or drops a node's edges together.
/// </summary>
/// <param name="Algorithm">The registry name of the algorithm.</param>
/// <param name="Graph">The graph whose <see cref="CircuitGraph.Sources"/> are scored.</param>
/// <param name="SourceScores">Score per source node, indexed like <see cref="CircuitGraph.Sources"/>.</param>
/// <param name="Cost">What the run cost.</param>
public sealed record NodeScores(string Algorithm, CircuitGraph Graph, double[] SourceScores, AttributionCost Cost)
{
    /// <summary>The score of the source node called <paramref name="name"/>.</summary>
    public double this[string name] => SourceScores[Graph.SourceIndex(Graph.Node(name))];

    /// <summary>Edge scores in canonical order: score(s->d) = score(s); the node scores ride along (<see cref="AttributionScores.NodeScores"/>).</summary>
    public AttributionScores ToEdgeScores() =>
        new(Algorithm, Graph, Graph.Edges.Select(e => SourceScores[e.SourceIndex]).ToArray(), Cost) { NodeScores = SourceScores };
}
