using CircuitBench.Circuits.Graph;
using CircuitBench.Models.Architecture;

namespace CircuitBench.Tasks.GroundTruths;

/// <summary>
/// The published GPT-2 small circuits expanded from head groups to edges by the rules of ACDC's ROC evaluation
/// (Conmy et al. 2023, <c>get_ioi_true_edges</c>, <c>get_greaterthan_true_edges</c>), written in this graph's names.
/// ACDC's own q/k/v-internal edges do not exist here and are left out.
/// </summary>
public static class AcdcCanonicalCircuits
{
    private static CircuitGraph Gpt2Small => CircuitGraph.FromConfig(ModelPresets.Get("gpt2-small"));

    /// <summary>Wang et al. (2022)'s IOI head groups.</summary>
    public static IReadOnlyList<(string Group, (int Layer, int Head)[] Heads)> IoiGroups { get; } =
    [
        ("name mover", [(9, 9), (10, 0), (9, 6)]),
        ("backup name mover", [(10, 10), (10, 6), (10, 2), (10, 1), (11, 2), (9, 7), (9, 0), (11, 9)]),
        ("negative name mover", [(10, 7), (11, 10)]),
        ("s-inhibition", [(7, 3), (7, 9), (8, 6), (8, 10)]),
        ("induction", [(5, 5), (5, 8), (5, 9), (6, 9)]),
        ("duplicate token", [(0, 1), (0, 10), (3, 0)]),
        ("previous token", [(2, 2), (4, 11)]),
    ];

    /// <summary>
    /// IOI: every MLP stays (input → MLPs, MLP → later MLPs, MLPs and input → logits, MLPs → circuit heads' q/k/v, circuit
    /// heads → MLPs of their layer and later), and between heads only ACDC's listed group connections: input → previous
    /// token and duplicate token q/k/v, → S-inhibition q, → (negative/backup) name movers k/v; previous token → induction
    /// k/v; induction and duplicate token → S-inhibition k/v; S-inhibition → all name movers' q; name movers → logits.
    /// </summary>
    public static GroundTruthCircuit Ioi()
    {
        var graph = Gpt2Small;
        var heads = IoiGroups.SelectMany(g => g.Heads.Select(h => (g.Group, Name: $"a{h.Layer}.h{h.Head}", h.Layer))).ToArray();
        string[] Group(string name) => [.. heads.Where(h => h.Group == name).Select(h => h.Name)];
        var edges = new List<(string, string)>();
        const string backbone = "ACDC keeps every MLP of GPT-2 small in the IOI circuit";
        for (var l = 0; l < graph.Layers; l++)
        {
            edges.Add(($"input->m{l}", backbone));
            edges.Add(($"m{l}->logits", backbone));
            for (var later = l + 1; later < graph.Layers; later++) edges.Add(($"m{l}->m{later}", backbone));
            foreach (var head in heads.Where(h => h.Layer > l))
                foreach (var slot in "qkv") edges.Add(($"m{l}->{head.Name}<{slot}>", $"{backbone}: MLP -> {head.Group} head"));
            foreach (var head in heads.Where(h => h.Layer <= l))
                edges.Add(($"{head.Name}->m{l}", $"{backbone}: {head.Group} head -> MLP"));
        }
        edges.Add(("input->logits", backbone));
        void Connect(string from, string to, string slots)
        {
            var sources = from == "input" ? ["input"] : Group(from);
            foreach (var source in sources)
            foreach (var target in to == "logits" ? ["logits"] : Group(to))
            {
                var note = $"Wang et al. 2022 via ACDC: {from} -> {to}{(slots.Length == 0 ? "" : $" ({string.Join("/", slots.ToCharArray())})")}";
                if (to == "logits") edges.Add(($"{source}->logits", note));
                else if (source == "input" || graph.Node(source).Layer < graph.Node(target).Layer)
                    foreach (var slot in slots) edges.Add(($"{source}->{target}<{slot}>", note));
            }
        }
        Connect("input", "previous token", "qkv");
        Connect("input", "duplicate token", "qkv");
        Connect("input", "s-inhibition", "q");
        Connect("input", "negative name mover", "kv");
        Connect("input", "name mover", "kv");
        Connect("input", "backup name mover", "kv");
        Connect("previous token", "induction", "kv");
        Connect("induction", "s-inhibition", "kv");
        Connect("duplicate token", "s-inhibition", "kv");
        Connect("s-inhibition", "negative name mover", "q");
        Connect("s-inhibition", "name mover", "q");
        Connect("s-inhibition", "backup name mover", "q");
        Connect("negative name mover", "logits", "");
        Connect("name mover", "logits", "");
        Connect("backup name mover", "logits", "");
        return GroundTruthCircuit.FromEdges("gpt2-small", "ioi", graph,
            "Wang et al. 2022 (Interpretability in the Wild), 26 heads in 7 groups; expanded to edges as ACDC's get_ioi_true_edges does (Conmy et al. 2023).",
            heads.Select(h => new GroundTruthNode(h.Name, h.Group)), edges);
    }

    /// <summary>
    /// Greater-than: Hanna et al. (2023)'s attention heads 5.1, 5.5, 6.1, 6.9, 7.10, 8.8, 8.11, 9.1 (ACDC's "AMID"; ACDC's
    /// own list lacks 5.1 and 8.8) and MLPs 8–11, with ACDC's early groups (heads 0.1, 0.3, 0.5 and MLPs 0–3) and its
    /// connection rules: input → early heads and MLPs; early MLPs chained; 0.1 → early MLPs; early heads and MLPs → AMID
    /// q/k/v; AMID → late MLPs (own layer and later); late MLPs chained; AMID and late MLPs → logits; MLPs before layer
    /// 9 chained and → AMID queries.
    /// </summary>
    public static GroundTruthCircuit GreaterThan()
    {
        var graph = Gpt2Small;
        (int Layer, int Head)[] amid = [(5, 1), (5, 5), (6, 1), (6, 9), (7, 10), (8, 8), (8, 11), (9, 1)];
        (int Layer, int Head)[] early = [(0, 1), (0, 3), (0, 5)];
        int[] earlyMlps = [0, 1, 2, 3], lateMlps = [8, 9, 10, 11];
        string H((int Layer, int Head) h) => $"a{h.Layer}.h{h.Head}";
        var edges = new List<(string, string)>();
        const string hanna = "Hanna et al. 2023 via ACDC";
        foreach (var h in early) foreach (var slot in "qkv") edges.Add(($"input->{H(h)}<{slot}>", $"{hanna}: input -> early head"));
        foreach (var m in earlyMlps) edges.Add(($"input->m{m}", $"{hanna}: input -> early MLP"));
        foreach (var h in amid) edges.Add(($"{H(h)}->logits", $"{hanna}: mid head -> logits"));
        foreach (var m in lateMlps) edges.Add(($"m{m}->logits", $"{hanna}: late MLP -> logits"));
        foreach (var group in new[] { earlyMlps, lateMlps })
            foreach (var a in group) foreach (var b in group.Where(b => b > a)) edges.Add(($"m{a}->m{b}", $"{hanna}: MLPs of one group chained"));
        foreach (var m in earlyMlps) edges.Add(($"a0.h1->m{m}", $"{hanna}: head 0.1 -> early MLP"));
        foreach (var target in amid)
        {
            foreach (var h in early) foreach (var slot in "qkv") edges.Add(($"{H(h)}->{H(target)}<{slot}>", $"{hanna}: early head -> mid head"));
            foreach (var m in earlyMlps) foreach (var slot in "qkv") edges.Add(($"m{m}->{H(target)}<{slot}>", $"{hanna}: early MLP -> mid head"));
            foreach (var m in lateMlps.Where(m => m >= target.Layer)) edges.Add(($"{H(target)}->m{m}", $"{hanna}: mid head -> late MLP"));
            for (var m = 0; m < target.Layer; m++) edges.Add(($"m{m}->{H(target)}<q>", $"{hanna}: clean queries of mid heads (every earlier MLP)"));
        }
        var lastAmid = amid.Max(h => h.Layer);
        for (var a = 0; a < lastAmid; a++)
            for (var b = a + 1; b < lastAmid; b++) edges.Add(($"m{a}->m{b}", $"{hanna}: MLPs before the last mid head chained"));
        IEnumerable<GroundTruthNode> nodes =
        [
            .. early.Select(h => new GroundTruthNode(H(h), "early head (ACDC)")),
            .. earlyMlps.Select(m => new GroundTruthNode($"m{m}", "early MLP (ACDC)")),
            .. amid.Select(h => new GroundTruthNode(H(h), "mid attention head (Hanna et al.)")),
            .. lateMlps.Select(m => new GroundTruthNode($"m{m}", "late MLP (Hanna et al.)")),
        ];
        return GroundTruthCircuit.FromEdges("gpt2-small", "greater-than", graph,
            "Hanna et al. 2023 (How does GPT-2 compute greater-than?): heads 5.1, 5.5, 6.1, 6.9, 7.10, 8.8, 8.11, 9.1 and MLPs 8-11; expanded to edges with ACDC's get_greaterthan_true_edges groups and rules (Conmy et al. 2023).",
            nodes, edges);
    }
}
