using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Data;
using CircuitBench.Circuits.Evaluation;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Models.Training;
using CircuitBench.Tasks.Datasets;
using CircuitBench.Tasks.GroundTruths;
using Xunit.Abstractions;

namespace CircuitBench.Tasks.Tests.GroundTruths;

/// <summary>
/// Trains toy-induction-2l (seed 0), derives its induction ground truth from the trained head scores and reports how well
/// EAP and exact patching recover it (AUC, no fixed threshold: the value depends on how well the recipe trains).
/// </summary>
[Trait("Category", "Slow")]
public class ToyInductionAucTests(ITestOutputHelper output)
{
    [Fact]
    public void Eap_and_exact_patching_aucs_against_the_derived_ground_truth()
    {
        var recipe = Recipes.ToyInduction2L;
        var run = Trainer.Train(recipe, seed: 0);
        var truth = InductionGroundTruth.FromScores(recipe.Name, recipe.Model, run.Report.Evaluation.Heads);
        var graph = CircuitGraph.FromConfig(recipe.Model);
        var flags = truth.Flags(graph);
        var dataset = DatasetReader.Parse(DatasetJson.Serialize(TaskRegistry.ToyInduction.Generate(new GenerationRequest(32, 0))), "toy.json",
            DatasetReadOptions.For(recipe.Model, null));
        var prompts = dataset.Batches(32).Single();
        var metric = MetricRegistry.Get("logit-diff");
        foreach (var scores in new[] { Eap.Run(run.Model, graph, prompts, metric), ExactPatching.Run(run.Model, graph, prompts, metric) })
        {
            var auc = Roc.Auc(Roc.FromScores(scores.EdgeScores, flags));
            output.WriteLine($"{scores.Algorithm}: AUC {auc:F3} against {truth.Edges.Count} edges ({string.Join(", ", truth.Nodes.Select(n => n.Name + " " + n.Role))})");
            Assert.InRange(auc, 0, 1);
        }
        Assert.Contains(truth.Edges, e => e.Name.StartsWith("a0.", StringComparison.Ordinal) && e.Name.EndsWith("<k>", StringComparison.Ordinal));
    }
}
