using System.Runtime.ExceptionServices;

namespace CircuitBench.Tensors.Gemm;

/// <summary>
/// Runs the rectangles (parts) of one managed multiply on the calling thread plus thread-pool helpers.
/// Parts are claimed dynamically, so the result never depends on which thread ran which part; the caller
/// returns only after every helper has left. One job is cached per calling thread, so this does not allocate.
/// </summary>
internal sealed class GemmJob : IThreadPoolWorkItem
{
    [ThreadStatic]
    private static GemmJob? t_cached;

    private readonly ManualResetEventSlim _helpersDone = new(false);
    private GemmProblem _problem;
    private ManagedGemm? _owner;
    private GemmPartition _partition;
    private int _nextPart;
    private int _activeHelpers;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Computes <paramref name="problem"/> split by <paramref name="partition"/> on up to <paramref name="threads"/> threads.</summary>
    public static void Run(ManagedGemm owner, in GemmProblem problem, GemmPartition partition, int threads)
    {
        GemmJob job = t_cached ?? new GemmJob();
        t_cached = null; // a nested call on this thread makes its own job
        try
        {
            job.RunParts(owner, problem, partition, threads);
        }
        finally
        {
            t_cached = job;
        }
    }

    /// <summary>Thread-pool entry point of a helper.</summary>
    public void Execute()
    {
        DrainParts();
        if (Interlocked.Decrement(ref _activeHelpers) == 0)
        {
            _helpersDone.Set();
        }
    }

    private void RunParts(ManagedGemm owner, in GemmProblem problem, GemmPartition partition, int threads)
    {
        _owner = owner;
        _problem = problem;
        _partition = partition;
        _failure = null;
        _nextPart = 0;
        int helpers = Math.Min(threads, partition.Parts) - 1;
        _activeHelpers = helpers;
        _helpersDone.Reset();
        for (int h = 0; h < helpers; h++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        DrainParts();
        if (helpers > 0)
        {
            _helpersDone.Wait();
        }

        _owner = null;
        _failure?.Throw();
    }

    private void DrainParts()
    {
        int part;
        while ((part = Interlocked.Increment(ref _nextPart) - 1) < _partition.Parts)
        {
            try
            {
                _owner!.ComputePart(_problem, _partition, part);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
            }
        }
    }
}
