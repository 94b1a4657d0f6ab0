using CircuitBench.Pipeline.Caching;
using CircuitBench.Pipeline.Specs;

namespace CircuitBench.Pipeline.Stages;

/// <summary>
/// Runs a sweep's stage graph up to one stage: datasets → models → graph → activations (when the spec caches them) → ground-truth → attribute → circuits → evaluate → roc → aggregate → plots → report. Every
/// target goes through the <see cref="ArtifactCache"/> and prints one line, <c>cached</c> or <c>built</c> with the
/// reason, once per target (cells share dataset and model targets). In plan mode (<c>--dry-run</c>, <c>explain</c>)
/// nothing is built: each target prints <c>up-to-date</c> or <c>stale</c> with what changed, and targets whose inputs
/// are themselves stale print which upstream target they wait for. The aggregate's and report's outputs are published to
/// <c>results/sweeps/NAME/</c>, the plots to <c>results/sweeps/NAME/plots/</c>.
/// </summary>
public sealed class SweepRunner(string resultsDir, TextWriter output, bool plan = false, bool explainOnly = false)
{
    private readonly ArtifactCache _cache = new(Path.Combine(resultsDir, "cache"));
    private readonly HashSet<string> _printed = new(StringComparer.Ordinal);
    private readonly string? _lockFile = Path.Combine(Directory.GetCurrentDirectory(), "models.lock.json");

    /// <summary>Targets built (or, in plan mode, found stale) so far.</summary>
    public int Built { get; private set; }

    /// <summary>Targets found cached (up to date) so far.</summary>
    public int Cached { get; private set; }

    /// <summary>Told after each cell's targets and before each sweep-wide stage (for a progress bar); null: nobody listens.</summary>
    public IProgress<SweepProgress>? Progress { get; init; }

    /// <summary>Each fully built (or up-to-date) cell's entries, in sweep order, after <see cref="Run"/> up to evaluate or further.</summary>
    public List<CellOutputs> Cells { get; } = [];

    /// <summary>Brings every target of <paramref name="sweep"/> up to <paramref name="stage"/> up to date (or plans it).</summary>
    public void Run(SweepSpec sweep, string stage)
    {
        var depth = StageNames.All.ToList().IndexOf(stage);
        if (depth < 0) throw new ArgumentException($"Unknown stage '{stage}'.{Suggestions.Hint(stage, StageNames.All)} Stages: {string.Join(", ", StageNames.All)}.");
        bool Reaches(string name) => depth >= StageNames.All.ToList().IndexOf(name);
        var evaluations = new List<TargetResult?>();
        var rocs = new List<TargetResult?>();
        var attributions = new List<TargetResult?>();
        var cellsDone = 0;
        void Step(string doing) => Progress?.Report(new SweepProgress(cellsDone, sweep.Cells.Count, doing));
        foreach (var cell in sweep.Cells)
        {
            Step(cell.Id);
            cellsDone++;
            var spec = cell.Spec;
            var dataset = Target(DatasetStage.Target(spec), () => DatasetStage.Key(spec), f => DatasetStage.Build(spec, f), []);
            if (!Reaches(StageNames.Models)) continue;
            var model = Target(ModelStage.Target(spec), () => ModelStage.Key(spec, _lockFile), f => ModelStage.Build(spec, _lockFile, f, Log), ModelStage.Volatile);
            if (!Reaches(StageNames.Graph)) continue;
            var inputs = model is not null && dataset is not null ? new CellInputs(model, dataset) : null;
            var modelTarget = ModelStage.Target(spec);
            var graph = model is null ? Waits(GraphStage.Target(modelTarget), modelTarget)
                : Target(GraphStage.Target(modelTarget), () => GraphStage.Key(model), f => GraphStage.Build(inputs!.Model.Config, f), []);
            if (inputs is not null && graph is not null) inputs.GraphEntry = graph;
            var upstream = model is null ? modelTarget : dataset is null ? DatasetStage.Target(spec) : GraphStage.Target(modelTarget);
            var ready = inputs is not null && graph is not null;
            if (!Reaches(StageNames.Activations)) continue;
            TargetResult? activations = null;
            if (ActivationsStage.Applies(spec))
            {
                var target = ActivationsStage.Target(spec, modelTarget, DatasetStage.Target(spec));
                activations = !ready ? Waits(target, upstream)
                    : Target(target, () => ActivationsStage.Key(spec, model!, dataset!), f => ActivationsStage.Build(spec, inputs!, f), ActivationsStage.Volatile);
                if (ready && activations is null) (ready, upstream) = (false, target);
            }
            if (!Reaches(StageNames.GroundTruth)) continue;
            var truth = inputs is null || graph is null ? Waits($"{StageNames.GroundTruth}/{spec.Task} of {cell.Id}", upstream)
                : Target(GroundTruthStage.Target(spec, dataset!), () => GroundTruthStage.Key(spec, model!, dataset!, graph), f => GroundTruthStage.Build(spec, inputs, model!, f, Log), []);
            if (!Reaches(StageNames.Attribute)) continue;
            var scores = !ready ? Waits(AttributeStage.Target(cell), upstream)
                : Target(AttributeStage.Target(cell), () => AttributeStage.Key(spec, model!, dataset!, graph!, activations), f => AttributeStage.Build(spec, inputs!, activations, f), AttributeStage.Volatile);
            attributions.Add(scores);
            if (!Reaches(StageNames.Circuits)) continue;
            var circuits = scores is null ? Waits(CircuitsStage.Target(cell), AttributeStage.Target(cell))
                : Target(CircuitsStage.Target(cell), () => CircuitsStage.Key(spec, model!, graph!, scores), f => CircuitsStage.Build(spec, inputs!, scores, f), []);
            if (!Reaches(StageNames.Evaluate)) continue;
            var evaluation = scores is null ? Waits(EvaluateStage.Target(cell), AttributeStage.Target(cell))
                : Target(EvaluateStage.Target(cell), () => EvaluateStage.Key(spec, model!, dataset!, graph!, activations, scores), f => EvaluateStage.Build(spec, inputs!, activations, scores, f), EvaluateStage.Volatile);
            evaluations.Add(evaluation);
            if (!Reaches(StageNames.Roc))
            {
                if (evaluation is not null) Cells.Add(new CellOutputs(cell, model!, dataset!, graph!, activations, scores!, circuits!, evaluation, null, null));
                continue;
            }
            var roc = scores is null || truth is null ? Waits(RocStage.Target(cell), scores is null ? AttributeStage.Target(cell) : "the ground truth")
                : Target(RocStage.Target(cell), () => RocStage.Key(graph!, scores, truth), f => RocStage.Build(inputs!, scores, truth, f), []);
            rocs.Add(roc);
            if (evaluation is not null && roc is not null) Cells.Add(new CellOutputs(cell, model!, dataset!, graph!, activations, scores!, circuits!, evaluation, truth, roc));
        }
        Step(Reaches(StageNames.Aggregate) ? StageNames.Aggregate : "done");
        if (!Reaches(StageNames.Aggregate)) return;
        if (evaluations.Any(e => e is null) || rocs.Any(r => r is null))
        {
            Waits(AggregateStage.Target(sweep), "the stale evaluate and roc targets");
            return;
        }
        var done = evaluations.Select(e => e!).ToArray();
        var aucs = rocs.Select(r => r!).ToArray();
        var summary = Target(AggregateStage.Target(sweep), () => AggregateStage.Key(sweep, done, aucs, [.. attributions.Select(a => a!)]),
            f => AggregateStage.Build(sweep, done, aucs, [.. attributions.Select(a => a!)], f), AggregateStage.Volatile);
        if (summary is null) return;
        var published = Path.Combine(resultsDir, "sweeps", sweep.Name);
        if (!plan) Publish(summary, AggregateStage.Published, published);
        if (!Reaches(StageNames.Plots)) return;
        Step(StageNames.Plots);
        var plots = Target(PlotsStage.Target(sweep), () => PlotsStage.Key(sweep, summary, Cells), f => PlotsStage.Build(summary, Cells, f, Log), PlotsStage.Volatile(Cells));
        if (plots is null) return;
        if (!plan) Publish(plots, [.. plots.Manifest.Outputs.Keys.Order(StringComparer.Ordinal)], Path.Combine(published, "plots"));
        if (!Reaches(StageNames.Report)) return;
        Step(StageNames.Report);
        var report = Target(ReportStage.Target(sweep), () => ReportStage.Key(sweep, summary, plots), f => ReportStage.Build(sweep, summary, plots, Cells, f), ReportStage.Volatile);
        if (report is not null && !plan)
        {
            Publish(report, ReportStage.Volatile, published);
            output.WriteLine($"           report: {Path.Combine(published, ReportStage.Html)}");
        }
    }

    private TargetResult? Target(string target, Func<StageKey> key, Action<string> build, IReadOnlyCollection<string> volatileOutputs)
    {
        var stageKey = key();
        if (plan)
        {
            var state = _cache.State(target, stageKey);
            Print(target, state.UpToDate ? "up-to-date" : "stale", string.Join("; ", state.Reasons), !state.UpToDate, quiet: state.UpToDate && explainOnly);
            return state.UpToDate ? _cache.GetOrBuild(target, stageKey, _ => throw new InvalidOperationException("verified entry vanished")) : null;
        }
        var result = _cache.GetOrBuild(target, stageKey, build, volatileOutputs, Log);
        Print(target, result.Status == TargetStatus.Built ? "built" : "cached", result.Reason, result.Status == TargetStatus.Built);
        return result;
    }

    private TargetResult? Waits(string target, string upstream)
    {
        Print(target, "stale", $"waits for {upstream}", stale: true);
        return null;
    }

    /// <summary>Counts and prints a target the first time it is seen (cells share dataset and model targets).</summary>
    private void Print(string target, string status, string reason, bool stale, bool quiet = false)
    {
        if (!_printed.Add(target)) return;
        if (stale) Built++;
        else Cached++;
        if (!quiet) output.WriteLine($"{status,-10} {target}  ({reason})");
    }

    private void Log(string message) => output.WriteLine($"           {message}");

    /// <summary>Copies <paramref name="names"/> of <paramref name="entry"/> into <paramref name="folder"/>, each atomically, skipping files already identical.</summary>
    private static void Publish(TargetResult entry, IEnumerable<string> names, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var name in names)
        {
            var destination = Path.Combine(folder, name);
            if (File.Exists(destination) && ContentHash.OfFile(destination) == entry.Manifest.Outputs[name]) continue;
            AtomicCopy.Copy(entry.File(name), destination);
        }
    }
}

/// <summary>
/// The entries of one cell (<paramref name="Activations"/> is null unless the spec caches them; <paramref name="GroundTruth"/> and
/// <paramref name="Roc"/> are null when the run stopped at evaluate).
/// </summary>
public sealed record CellOutputs(SweepCell Cell, TargetResult Model, TargetResult Dataset, TargetResult Graph, TargetResult? Activations, TargetResult Scores, TargetResult Circuits, TargetResult Evaluation,
    TargetResult? GroundTruth, TargetResult? Roc);

/// <summary>How far a sweep has got: <paramref name="CellsDone"/> of <paramref name="Cells"/> cells past, now at <paramref name="Current"/> (a cell id or a sweep-wide stage).</summary>
public sealed record SweepProgress(int CellsDone, int Cells, string Current);
