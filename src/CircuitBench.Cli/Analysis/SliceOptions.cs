using System.CommandLine;
using CircuitBench.Circuits.Graph;

namespace CircuitBench.Cli.Analysis;

/// <summary>
/// The slice options <c>attribute</c> and <c>evaluate</c> share: <c>--slice-to NODES</c>, the backward slice (the nodes
/// and everything that can reach them, <see cref="GraphSlice.Backward"/>), or <c>--slice-from NODES</c>, the forward slice
/// (the nodes and everything they reach, <see cref="GraphSlice.Forward"/>); NODES are node names separated by commas
/// (<c>a1.h0,m1</c>). At most one of the two. A slice restricts the edges under study, never the model: edges outside it
/// are never ablated (always kept, as in the full model) and score 0. Names are checked against the model's graph before
/// any forward pass; an unknown name, or a slice without edges, is an error and nothing is written.
/// </summary>
internal sealed class SliceOptions
{
    /// <summary><c>--slice-to</c>: targets of a backward slice.</summary>
    public Option<string?> To { get; } = new("--slice-to")
    {
        Description = "Study only the backward slice of these nodes (comma-separated, e.g. a1.h0,m1): the edges into them and into "
            + "everything that can reach them. Edges outside the slice are never ablated and score 0.",
    };

    /// <summary><c>--slice-from</c>: starts of a forward slice.</summary>
    public Option<string?> From { get; } = new("--slice-from")
    {
        Description = "Study only the forward slice of these nodes (comma-separated, e.g. m0,a0.h1): the edges out of them and out of "
            + "everything they reach. Edges outside the slice are never ablated and score 0.",
    };

    /// <summary>Adds both options to <paramref name="command"/>, with the check that at most one is given.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(To);
        command.Options.Add(From);
        command.Validators.Add(result =>
        {
            if (result.GetResult(To) is { Implicit: false } && result.GetResult(From) is { Implicit: false })
                result.AddError("--slice-to and --slice-from cannot be combined; give one of them (or neither for the whole graph).");
        });
    }

    /// <summary>
    /// The slice the options ask for on <paramref name="graph"/>, or null when neither is given. An empty list, an unknown
    /// node name (the error names it and says how names are formed for this model) or a slice without edges is an
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public ChosenSlice? SliceOf(ParseResult parse, CircuitGraph graph)
    {
        var (option, direction, text) = parse.GetValue(To) is { } to ? ("--slice-to", "to", to)
            : parse.GetValue(From) is { } from ? ("--slice-from", "from", from)
            : (null, null, null);
        if (option is null) return null;
        var names = text!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();
        if (names.Length == 0) throw new ArgumentException($"{option} '{text}': give one or more node names separated by commas, e.g. {option} a1.h0,m1.");
        var byName = graph.Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var unknown = names.Where(n => !byName.ContainsKey(n)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"{option}: no node {string.Join(", ", unknown.Select(n => $"'{n}'"))} in this model's graph. {NamesHelp(graph)}");
        var nodes = names.Select(n => byName[n]).ToArray();
        var slice = direction == "to" ? GraphSlice.Backward(graph, nodes) : GraphSlice.Forward(graph, nodes);
        if (slice.Edges.Count == 0)
            throw new ArgumentException($"{option} {string.Join(",", names)}: the slice has no edges "
                + (direction == "to" ? "(nothing feeds input; slice to a later node)." : "(logits feeds nothing; slice from an earlier node)."));
        return new ChosenSlice($"{direction}:{string.Join(",", names)}", slice);
    }

    /// <summary>How this graph's node names are formed, with its ranges, and where to see the model's sizes.</summary>
    private static string NamesHelp(CircuitGraph graph)
    {
        var (layers, heads) = (graph.Layers - 1, graph.Heads - 1);
        var mlps = graph.HasMlp ? $", m{{layer}} (m0 … m{layers})" : " (attention only: no MLP nodes)";
        return $"Node names are input, a{{layer}}.h{{head}} (a0.h0 … a{layers}.h{heads}){mlps} and logits, as in the src and dst "
            + "columns of attribute's output; `circuit-bench models show MODEL` prints the model's n_layer and n_head.";
    }
}

/// <summary>A slice chosen on the command line.</summary>
/// <param name="Description"><c>to:</c> or <c>from:</c> and the node names as given, e.g. <c>to:a1.h0,m1</c>.</param>
/// <param name="Slice">The slice of the model's graph.</param>
internal sealed record ChosenSlice(string Description, GraphSlice Slice)
{
    /// <summary>Adds <c>slice</c> (<see cref="Description"/>) and <c>slice.edges</c> (the slice's edge count) to <paramref name="metadata"/>.</summary>
    public void AddTo(Dictionary<string, string> metadata)
    {
        metadata["slice"] = Description;
        metadata["slice.edges"] = RunMetadata.Text(Slice.Edges.Count);
    }
}
