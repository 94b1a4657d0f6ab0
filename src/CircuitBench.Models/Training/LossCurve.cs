namespace CircuitBench.Models.Training;

/// <summary>A training loss curve summarised as the mean loss over consecutive windows of steps.</summary>
/// <param name="InitialLoss">The first step's loss.</param>
/// <param name="FinalLoss">The mean loss of the last window.</param>
/// <param name="Points">(last step of the window, 1-based; mean loss over the window), in step order.</param>
public sealed record LossCurve(double InitialLoss, double FinalLoss, IReadOnlyList<(int Step, double MeanLoss)> Points)
{
    /// <summary>Summarises per-step <paramref name="losses"/> into at most <paramref name="windows"/> windows of (nearly) equal length.</summary>
    public static LossCurve Summarize(IReadOnlyList<float> losses, int windows = 20)
    {
        if (losses.Count == 0) throw new ArgumentException("A loss curve needs at least one step.", nameof(losses));
        var count = Math.Min(windows, losses.Count);
        var points = Enumerable.Range(0, count).Select(w =>
        {
            var (start, end) = ((int)((long)losses.Count * w / count), (int)((long)losses.Count * (w + 1) / count));
            return (end, Enumerable.Range(start, end - start).Average(i => (double)losses[i]));
        }).ToArray();
        return new LossCurve(losses[0], points[^1].Item2, points);
    }
}
