using CircuitBench.Circuits.Attribution;
using Spectre.Console;

namespace CircuitBench.Cli.Commands;

/// <summary>
/// Progress bars for an attribution on an interactive terminal (<see cref="LiveProgress"/>): one over the batches, and one
/// over the algorithm's own steps when it reports them (ACDC's thresholds); nothing otherwise.
/// </summary>
internal static class AttributionProgressDisplay
{
    /// <summary>Runs <paramref name="body"/> with the progress listener to give the attribution (null when not interactive).</summary>
    public static T Run<T>(TextWriter writer, string algorithm, Func<IProgress<AttributionProgress>?, T> body) =>
        LiveProgress.Run(writer, (_, context) =>
        {
            if (context is null) return body(null);
            var batches = context.AddTask(Markup.Escape($"{algorithm}: batches"));
            ProgressTask? steps = null;
            var result = body(new ProgressListener<AttributionProgress>(p =>
            {
                if (p.Unit == AttributionProgress.Batch)
                {
                    (batches.MaxValue, batches.Value) = (Math.Max(1, p.Total), p.Done);
                    if (p.Done < p.Total) steps?.Value = 0;                                   // a new batch walks its steps again
                    return;
                }
                steps ??= context.AddTask(Markup.Escape($"{algorithm}: {p.Unit}s"));
                (steps.MaxValue, steps.Value) = (Math.Max(1, p.Total), p.Done);
            }));
            batches.Value = batches.MaxValue;
            return result;
        });
}
