using System.Text.Json;
using CircuitBench.Circuits.Graph;
using CircuitBench.Models.Architecture;
using CircuitBench.Models.Snapshots;
using CircuitBench.Models.Training;

namespace CircuitBench.Tasks.GroundTruths;

/// <summary>
/// The induction circuit of a trained 2-layer toy model, derived from its attention diagnostics (<see cref="HeadScore"/>):
/// the layer-0 head(s) with the highest previous-token score, the layer-1 head(s) with the highest induction score
/// (every head within <see cref="RelativeMargin"/> of its layer's best counts), and the edges of the mechanism:
/// input → previous-token head q/k/v, previous-token head → induction head k (K-composition), input → induction
/// head q and v (the current token and the token copied), induction head → logits.
/// </summary>
public static class InductionGroundTruth
{
    /// <summary>Heads whose score is at least this fraction of the best in their layer are included.</summary>
    public const double RelativeMargin = 0.8;

    /// <summary>
    /// The best head of each layer must score at least this much, or the model has not learned the mechanism (flat
    /// scores would make every head "best" and the ground truth meaningless). Trained toy-induction-2l seeds score
    /// 0.50–0.60 (previous token) and 0.71–0.84 (induction).
    /// </summary>
    public const double MinimumScore = 0.3;

    /// <summary>The ground truth from <paramref name="heads"/> scores of a model of <paramref name="config"/>'s shape.</summary>
    public static GroundTruthCircuit FromScores(string model, ModelConfig config, IReadOnlyList<HeadScore> heads)
    {
        if (config.NLayers != 2) throw new ArgumentException($"The induction ground truth is defined for 2-layer models; {model} has {config.NLayers} layers.");
        var graph = CircuitGraph.FromConfig(config);
        HeadScore[] Best(int layer, Func<HeadScore, double> score)
        {
            var inLayer = heads.Where(h => h.Layer == layer).ToArray();
            if (inLayer.Length == 0) throw new ArgumentException($"No head scores for layer {layer} of {model}.");
            var top = inLayer.Max(score);
            if (!(top >= MinimumScore))
                throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"No layer-{layer} head of {model} shows the {(layer == 0 ? "previous-token" : "induction")} pattern (best score {top:F3} < {MinimumScore}): the model has not learned induction, so no ground truth can be derived; train it longer or check the recipe."));
            return [.. inLayer.Where(h => score(h) >= RelativeMargin * top)];
        }
        var previous = Best(0, h => h.PreviousToken);
        var induction = Best(1, h => h.Induction);
        string Name(HeadScore h) => $"a{h.Layer}.h{h.Head}";
        string Scores(HeadScore h) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"previous-token {h.PreviousToken:F3}, induction {h.Induction:F3}");
        var edges = new List<(string, string)>();
        foreach (var p in previous)
            foreach (var slot in "qkv") edges.Add(($"input->{Name(p)}<{slot}>", $"tokens into the previous-token head ({Scores(p)})"));
        foreach (var i in induction)
        {
            foreach (var p in previous) edges.Add(($"{Name(p)}->{Name(i)}<k>", "K-composition: the previous token's identity in the induction head's keys"));
            edges.Add(($"input->{Name(i)}<q>", "the current token queries the induction head"));
            edges.Add(($"input->{Name(i)}<v>", "the attended token is copied through the values"));
            edges.Add(($"{Name(i)}->logits", $"the induction head writes the prediction ({Scores(i)})"));
        }
        return GroundTruthCircuit.FromEdges(model, "toy-induction", graph,
            $"Derived from the head diagnostics of {model}: previous-token heads in layer 0, induction heads in layer 1 (within {RelativeMargin:P0} of the best), K-composition between them.",
            [.. previous.Select(h => new GroundTruthNode(Name(h), "previous token")), .. induction.Select(h => new GroundTruthNode(Name(h), "induction"))],
            edges);
    }

    /// <summary>
    /// The ground truth of a trained model folder (its <c>config.json</c> and <c>training_report.json</c>), named
    /// <paramref name="model"/> (default: the folder's name).
    /// </summary>
    /// <exception cref="FormatException">The report has no head scores or is malformed.</exception>
    public static GroundTruthCircuit FromFolder(string folder, string? model = null)
    {
        var full = Path.GetFullPath(folder);
        var reportPath = Path.Combine(full, TrainingReportJson.FileName);
        if (!File.Exists(reportPath)) throw new FileNotFoundException($"'{full}' has no {TrainingReportJson.FileName}; train the model with `circuit-bench train` first.", reportPath);
        var config = ModelConfigJson.Read(Path.Combine(full, ModelConfigJson.FileName));
        return FromScores(model ?? Path.GetFileName(full), config, ReadHeads(reportPath));
    }

    /// <summary>The per-head scores of a training report.</summary>
    public static IReadOnlyList<HeadScore> ReadHeads(string reportPath)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(reportPath));
            var heads = document.RootElement.GetProperty("heads").EnumerateArray()
                .Select(h => new HeadScore(h.GetProperty("layer").GetInt32(), h.GetProperty("head").GetInt32(),
                    h.GetProperty("previous_token_score").GetDouble(), h.GetProperty("induction_score").GetDouble())).ToArray();
            if (heads.Length == 0) throw new FormatException($"'{reportPath}' lists no head scores (is it an induction model's report?).");
            return heads;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"'{reportPath}' is not a training report with head scores: {e.Message}", e);
        }
    }
}
