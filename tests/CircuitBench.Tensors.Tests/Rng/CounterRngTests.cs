using CircuitBench.Tensors.Rng;

namespace CircuitBench.Tensors.Tests.Rng;

public class CounterRngTests
{
    [Fact]
    public void Same_seed_gives_the_same_tensor_and_different_seeds_differ()
    {
        Assert.Equal(Tensor.Randn(5, [64]).ToArray(), Tensor.Randn(5, [64]).ToArray());
        Assert.NotEqual(Tensor.Randn(5, [64]).ToArray(), Tensor.Randn(6, [64]).ToArray());
    }

    [Fact]
    public void Element_i_depends_only_on_seed_and_index_so_any_partition_gives_the_same_bits()
    {
        var whole = Tensor.Randn(9, [1000]).ToArray();
        var parts = new float[1000];
        Parallel.For(0, 10, chunk =>
        {
            for (var i = chunk * 100; i < chunk * 100 + 100; i++) parts[i] = CounterRng.Normal(9, (ulong)i);
        });
        Assert.Equal(whole, parts);
    }

    [Fact]
    public void Normal_and_uniform_have_the_expected_moments()
    {
        const int n = 200_000;
        var normal = Tensor.Randn(1, [n]).ToArray().Select(v => (double)v).ToArray();
        var mean = normal.Average();
        var variance = normal.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 0.98, 1.02);
        var uniform = Tensor.Rand(2, [n], -1f, 3f).ToArray();
        Assert.All(uniform, u => Assert.InRange(u, -1f, 3f));
        Assert.InRange(uniform.Average(v => (double)v), 0.98, 1.02);
    }

    [Fact]
    public void NextInt_stays_in_range_and_covers_it()
    {
        var seen = new HashSet<int>();
        for (ulong i = 0; i < 1000; i++)
        {
            var v = CounterRng.NextInt(3, i, 7);
            Assert.InRange(v, 0, 6);
            seen.Add(v);
        }
        Assert.Equal(7, seen.Count);
    }
}
