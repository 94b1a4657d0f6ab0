using CircuitBench.Circuits.Attribution;

namespace CircuitBench.Cli.Tests;

/// <summary>A user algorithm registered under a unique name: EAP's scores, remembering the parameters each run was given.</summary>
internal sealed class RecordingAlgorithm : IAttributionAlgorithm
{
    public static RecordingAlgorithm Registered { get; } = Register();

    public string Name { get; } = "test-recording-" + Guid.NewGuid().ToString("N")[..8];

    public string Description => "EAP, recording its parameters";

    public IReadOnlyList<AlgorithmParameter> Parameters => [new("ig-steps", "5", "steps"), new("seed", "0", "a seed")];

    public List<IReadOnlyDictionary<string, string>> Seen { get; } = [];

    public AttributionScores Run(AttributionContext context)
    {
        lock (Seen) Seen.Add(context.Parameters);
        return Eap.Run(context.Model, context.Graph, context.Prompts, context.Metric, context.Ablated);
    }

    private static RecordingAlgorithm Register()
    {
        var algorithm = new RecordingAlgorithm();
        AlgorithmRegistry.Register(algorithm);
        return algorithm;
    }
}
