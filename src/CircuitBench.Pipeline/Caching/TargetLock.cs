namespace CircuitBench.Pipeline.Caching;

/// <summary>
/// An exclusive lock on one target across threads and processes: an open lock file with <see cref="FileShare.None"/>
/// (an advisory <c>flock</c> on Unix, a share-mode lock on Windows). Waits, polling, until the holder releases it.
/// Lock files stay in place (deleting one while another process waits on it would let two holders in).
/// </summary>
public sealed class TargetLock : IDisposable
{
    private readonly FileStream _stream;

    private TargetLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock at <paramref name="path"/>, waiting while another holder has it; <paramref name="onWait"/> runs once if it must wait.</summary>
    public static TargetLock Acquire(string path, Action? onWait = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var waited = false;
        while (true)
        {
            try
            {
                return new TargetLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (File.Exists(path))
            {
                if (!waited) onWait?.Invoke();
                waited = true;
                cancellationToken.WaitHandle.WaitOne(25);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _stream.Dispose();
}
