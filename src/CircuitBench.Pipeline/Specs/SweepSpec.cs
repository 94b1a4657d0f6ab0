namespace CircuitBench.Pipeline.Specs;

/// <summary>
/// A sweep: named axes whose product, minus the excluded combinations, gives the cells; each cell is a
/// <see cref="RunSpec"/> made from the sweep's defaults, the cell's axis values and its algorithm's parameters.
/// </summary>
/// <param name="Name">The sweep's name (its outputs go to <c>results/sweeps/NAME/</c>).</param>
/// <param name="File">The sweep file (full path).</param>
/// <param name="Cells">The cells in axis order (models, tasks, algorithms, ablations, metrics, seeds; the last varies fastest).</param>
public sealed record SweepSpec(string Name, string File, IReadOnlyList<SweepCell> Cells);

/// <summary>One combination of axis values.</summary>
/// <param name="Id">model/task/algorithm/ablation/metric/seedN: unique in the sweep, safe as a path.</param>
/// <param name="Spec">The run it stands for.</param>
public sealed record SweepCell(string Id, RunSpec Spec)
{
    /// <summary>The id of the cell of <paramref name="spec"/>.</summary>
    public static string IdOf(RunSpec spec) =>
        $"{spec.ModelId}/{spec.Task}/{spec.Algorithm}/{spec.Ablation}/{spec.Metric}/seed{spec.Seed}";
}
