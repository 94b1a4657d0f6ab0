using CircuitBench.Circuits.Attribution;

namespace CircuitBench.Circuits.Tests.Attribution;

public class AlgorithmRegistryTests
{
    private sealed class Custom : IAttributionAlgorithm
    {
        public string Name { get; } = "test-custom-" + Guid.NewGuid().ToString("N");

        public string Description => "a user's algorithm";

        public IReadOnlyList<AlgorithmParameter> Parameters => [new("k", "3", "anything")];

        public AttributionScores Run(AttributionContext context) => throw new NotSupportedException();
    }

    [Fact]
    public void Built_in_and_user_algorithms_are_found_by_name_and_unknown_names_list_the_known()
    {
        Assert.Equal("eap", AlgorithmRegistry.Get("eap").Name);
        var custom = new Custom();
        AlgorithmRegistry.Register(custom);
        Assert.Same(custom, AlgorithmRegistry.Get(custom.Name));
        Assert.Throws<ArgumentException>(() => AlgorithmRegistry.Register(custom));
        var ex = Assert.Throws<ArgumentException>(() => AlgorithmRegistry.Get("eap-xx"));
        Assert.Contains("eap", ex.Message);
        Assert.Contains("exact", ex.Message);
    }
}
