using System.Runtime.Intrinsics.X86;

namespace CircuitBench.Tensors.Gemm;

/// <summary>
/// Our own SIMD sgemm: packed, cache-blocked (<see cref="GemmBlocking"/>), register-tiled micro-kernels
/// (<see cref="ManagedGemmKernel"/>), multithreaded over slabs of C. Results are bit-identical for any thread
/// count: the k reduction is never split across threads and each element's summation order is fixed.
/// </summary>
public sealed unsafe class ManagedGemm : IGemmBackend
{
    private readonly GemmBlocking _blocking;
    private readonly PackingBufferPool _buffers = new();

    /// <summary>Creates a backend with the best kernel for this CPU and the default blocking.</summary>
    public ManagedGemm(int threads) : this(threads, ManagedGemmKernel.Auto, GemmBlocking.Default)
    {
    }

    /// <summary>Creates a backend with a chosen kernel and blocking (for tests and tuning).</summary>
    /// <exception cref="PlatformNotSupportedException">The CPU lacks the instructions of <paramref name="kernel"/>.</exception>
    public ManagedGemm(int threads, ManagedGemmKernel kernel, GemmBlocking blocking)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentNullException.ThrowIfNull(blocking);
        blocking.Validate();
        Threads = threads;
        Kernel = kernel == ManagedGemmKernel.Auto ? BestKernel() : kernel;
        if (!IsSupported(Kernel))
        {
            throw new PlatformNotSupportedException($"The {Kernel} GEMM kernel needs CPU instructions this machine lacks; use {BestKernel()} or Auto.");
        }

        _blocking = blocking;
    }

    /// <inheritdoc/>
    public string Name => "managed";

    /// <inheritdoc/>
    public int Threads { get; }

    /// <summary>The micro-kernel family in use (never <see cref="ManagedGemmKernel.Auto"/>).</summary>
    public ManagedGemmKernel Kernel { get; }

    /// <summary>True when the CPU can run <paramref name="kernel"/>.</summary>
    public static bool IsSupported(ManagedGemmKernel kernel) => kernel switch
    {
        ManagedGemmKernel.Auto or ManagedGemmKernel.Scalar => true,
        ManagedGemmKernel.Avx512 => Avx512F.IsSupported,
        ManagedGemmKernel.Avx2 => Avx2.IsSupported && Fma.IsSupported,
        _ => false,
    };

    /// <inheritdoc/>
    public void Sgemm(bool transposeA, bool transposeB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        GemmArguments.Validate(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            if (k == 0 || alpha == 0f)
            {
                // BLAS semantics: A and B are not read; C = beta·C (C not read when beta is 0).
                ScaleOnly(pc, ldc, m, n, beta);
                return;
            }

            var problem = new GemmProblem(
                pa, transposeA ? 1 : lda, transposeA ? lda : 1,
                pb, transposeB ? 1 : ldb, transposeB ? ldb : 1,
                pc, ldc, m, n, k, alpha, beta);
            GemmPartition partition = Partition(m, n, k);
            if (partition.Parts == 1)
            {
                ComputePart(problem, partition, 0);
            }
            else
            {
                GemmJob.Run(this, problem, partition, Threads);
            }
        }
    }

    /// <summary>How an <c>[m,n]</c> result with depth k is split among threads.</summary>
    internal GemmPartition Partition(int m, int n, int k)
    {
        (int mr, int nr) = TileShape(Kernel);
        return GemmPartition.Create(m, n, k, mr, nr, Threads);
    }

    /// <summary>Computes slab <paramref name="part"/> of <paramref name="partition"/> with this thread's rented buffers.</summary>
    internal void ComputePart(in GemmProblem problem, GemmPartition partition, int part)
    {
        (int start, int end) = partition.Range(part);
        (int r0, int r1, int c0, int c1) = partition.AlongRows ? (start, end, 0, problem.N) : (0, problem.M, start, end);
        PackingBuffers buffers = _buffers.Rent();
        try
        {
            switch (Kernel)
            {
                case ManagedGemmKernel.Avx512:
                    GemmDriver<Avx512Kernel14x32>.Compute(problem, r0, r1, c0, c1, _blocking, buffers);
                    break;
                case ManagedGemmKernel.Avx2:
                    GemmDriver<Avx2Kernel6x16>.Compute(problem, r0, r1, c0, c1, _blocking, buffers);
                    break;
                default:
                    GemmDriver<ScalarKernel4x4>.Compute(problem, r0, r1, c0, c1, _blocking, buffers);
                    break;
            }
        }
        finally
        {
            _buffers.Return(buffers);
        }
    }

    private static ManagedGemmKernel BestKernel() =>
        IsSupported(ManagedGemmKernel.Avx512) ? ManagedGemmKernel.Avx512
        : IsSupported(ManagedGemmKernel.Avx2) ? ManagedGemmKernel.Avx2
        : ManagedGemmKernel.Scalar;

    private static (int MR, int NR) TileShape(ManagedGemmKernel kernel) => kernel switch
    {
        ManagedGemmKernel.Avx512 => (Avx512Kernel14x32.MR, Avx512Kernel14x32.NR),
        ManagedGemmKernel.Avx2 => (Avx2Kernel6x16.MR, Avx2Kernel6x16.NR),
        _ => (ScalarKernel4x4.MR, ScalarKernel4x4.NR),
    };

    private static void ScaleOnly(float* c, nint ldc, int m, int n, float beta)
    {
        for (int i = 0; i < m; i++)
        {
            Span<float> row = new(c + i * ldc, n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else if (beta != 1f)
            {
                foreach (ref float x in row)
                {
                    x *= beta;
                }
            }
        }
    }
}
