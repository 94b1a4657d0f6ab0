using CircuitBench.Tensors.Gemm;

namespace CircuitBench.Tensors.Tests;

/// <summary><see cref="Compute.Use"/> replaces the ops' backend for a scope, nests, and restores the process default.</summary>
public sealed class ComputeTests
{
    [Fact]
    public void Use_scopes_the_backend_and_restores_the_previous_one()
    {
        var processDefault = Compute.Gemm;
        var one = new ManagedGemm(1);
        var two = new ManagedGemm(2);
        using (Compute.Use(one))
        {
            Assert.Same(one, Compute.Gemm);
            Assert.Equal(1, Compute.Threads);
            using (Compute.Use(two))
            {
                Assert.Same(two, Compute.Gemm);
                Assert.Equal(2, Compute.Threads);
            }

            Assert.Same(one, Compute.Gemm);
        }

        Assert.Same(processDefault, Compute.Gemm);
    }

    [Fact]
    public async Task A_scope_on_one_flow_is_not_seen_by_another()
    {
        var scoped = new ManagedGemm(1);
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var worker = Task.Run(() =>
        {
            using (Compute.Use(scoped))
            {
                entered.Set();
                release.Wait();
            }
        });
        entered.Wait();
        Assert.NotSame(scoped, Compute.Gemm);
        release.Set();
        await worker;
    }
}
