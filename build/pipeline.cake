// The pipeline targets: each calls `circuit-bench stage NAME --sweep FILE`, which owns hashing and caching
// (every target prints `cached` or `built` and why). --sweep=FILE picks the sweep (default experiments/sweep.yaml).
var sweepFile = Argument("sweep", "experiments/sweep.yaml");

void Stage(string name) => CircuitBench($"stage {name} --sweep \"{sweepFile}\"");

Task("Datasets").Description("Generates the sweep's task datasets (cached).").IsDependentOn("Build").Does(() => Stage("datasets"));
Task("Models").Description("Trains the toy models or resolves and verifies the snapshots (cached).").IsDependentOn("Datasets").Does(() => Stage("models"));
Task("Graph").Description("Writes each model's graph and, with cache_activations, each ablation's source outputs (cached).").IsDependentOn("Models").Does(() => Stage("activations"));
Task("Attribute").Description("Scores every edge for every cell (cached).").IsDependentOn("Graph").Does(() => Stage("attribute"));
Task("Circuits").Description("Builds the circuits at the sweep's sizes (cached).").IsDependentOn("Attribute").Does(() => Stage("circuits"));
Task("Evaluate").Description("Faithfulness curves, CPR and CMD for every cell, then summary.parquet (cached).").IsDependentOn("Circuits").Does(() =>
{
    Stage("evaluate");
    Stage("aggregate");
});
Task("Plots").Description("SVG plots of the sweep and the circuit diagram (DOT; SVG/PNG when Graphviz is installed), cached.").IsDependentOn("Evaluate").Does(() => Stage("plots"));
Task("Report").Description("results/sweeps/<name>/report.md and report.html with the plots inlined.").IsDependentOn("Plots").Does(() => Stage("report"));
Task("Sweep").Description("Runs the whole sweep through every stage (--sweep=FILE).").IsDependentOn("Report");
Task("Reproduce")
    .Description("Runs the sweep into an empty cache and compares its Parquet outputs with results/reference/<name>/ within the stated tolerance (readable diff); --update=true rewrites the reference.")
    .IsDependentOn("Build")
    .Does(() => CircuitBench($"reproduce --sweep \"{sweepFile}\"{(Argument("update", false) ? " --update" : "")}"));
