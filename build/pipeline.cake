// The pipeline targets: each calls `circuit-bench stage NAME --sweep FILE`, which owns hashing and caching
// (every target prints `cached` or `built` and why). --sweep=FILE picks the sweep (default experiments/sweep.yaml).
var sweepFile = Argument("sweep", "experiments/sweep.yaml");

void Stage(string name) => CircuitBench($"stage {name} --sweep \"{sweepFile}\"");

Task("Datasets").Description("Generates the sweep's task datasets (cached).").IsDependentOn("Build").Does(() => Stage("datasets"));
Task("Models").Description("Trains the toy models or resolves and verifies the snapshots (cached).").IsDependentOn("Datasets").Does(() => Stage("models"));
Task("Attribute").Description("Scores every edge for every cell (cached).").IsDependentOn("Models").Does(() => Stage("attribute"));
Task("Circuits").Description("Builds the circuits at the sweep's sizes (cached).").IsDependentOn("Attribute").Does(() => Stage("circuits"));
Task("Evaluate").Description("Faithfulness curves, CPR and CMD for every cell, then summary.parquet (cached).").IsDependentOn("Circuits").Does(() =>
{
    Stage("evaluate");
    Stage("aggregate");
});
Task("Plots").Description("SVG plots of the sweep (not yet wired: the Reports assembly lands separately).").IsDependentOn("Evaluate").Does(() =>
    Warning("Plots: not wired yet; results/sweeps/<name>/summary.parquet holds the numbers."));
Task("Report").Description("report.md and report.html of the sweep (not yet wired).").IsDependentOn("Plots").Does(() =>
    Warning("Report: not wired yet; see results/sweeps/<name>/summary.parquet and timings.json."));
Task("Sweep").Description("Runs the whole sweep through every stage (--sweep=FILE).").IsDependentOn("Report");
Task("Reproduce")
    .Description("Runs the sweep into an empty cache and compares summary.parquet with results/reference/<name>/ byte for byte.")
    .IsDependentOn("Build")
    .Does(() =>
{
    var scratch = repoRoot.Combine("results/test-results/reproduce");
    if (DirectoryExists(scratch)) DeleteDirectory(scratch, new DeleteDirectorySettings { Recursive = true });
    CircuitBench($"stage aggregate --sweep \"{sweepFile}\" --results-dir \"{scratch}\"");
    var produced = GetFiles($"{scratch}/sweeps/*/summary.parquet").Single();
    var name = produced.GetDirectory().GetDirectoryName();
    var reference = repoRoot.CombineWithFilePath($"results/reference/{name}/summary.parquet");
    if (!FileExists(reference)) throw new CakeException($"No reference at {reference}; copy {produced} there once it is checked.");
    if (!System.IO.File.ReadAllBytes(produced.FullPath).SequenceEqual(System.IO.File.ReadAllBytes(reference.FullPath)))
        throw new CakeException($"{produced} differs from {reference}: compare them with `circuit-bench` or DuckDB (SELECT * FROM a EXCEPT SELECT * FROM b).");
    Information($"Reproduce: {produced} is byte-identical to {reference}.");
});
