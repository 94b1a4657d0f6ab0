namespace CircuitBench.Cli.Tests;

/// <summary><c>list-algorithms</c> and <c>list-metrics</c>.</summary>
public sealed class AlgorithmsCommandTests
{
    [Fact]
    public void Lists_algorithms_with_their_parameters_and_metrics_with_their_direction()
    {
        var recording = RecordingAlgorithm.Registered;
        var (exit, output, _) = AnalysisFixture.Run("list-algorithms");
        Assert.Equal(0, exit);
        Assert.Contains("eap: edge attribution patching", output);
        Assert.Contains("exact: ", output);
        Assert.Contains($"{recording.Name}: EAP, recording its parameters", output);
        Assert.Contains("    --param ig-steps=<value> (default 5): steps", output);
        Assert.Contains("    --param seed=<value> (default 0): a seed", output);
        (exit, output, _) = AnalysisFixture.Run("list-metrics");
        Assert.Equal(0, exit);
        Assert.Contains("logit-diff: ", output);
        Assert.Contains("(higher is closer to the clean model)", output);
        Assert.Contains("(lower is closer to the clean model)", output);
    }
}
