namespace CircuitBench.Circuits.Attribution;

/// <summary>How far a long attribution has got: <paramref name="Done"/> of <paramref name="Total"/> <paramref name="Unit"/>s (a batch, an ACDC threshold).</summary>
public sealed record AttributionProgress(string Unit, int Done, int Total)
{
    /// <summary>The unit of a batched run's outer loop.</summary>
    public const string Batch = "batch";

    /// <summary>The unit of ACDC's walk over its threshold grid.</summary>
    public const string Threshold = "threshold";
}
