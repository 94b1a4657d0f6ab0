using System.Text;

namespace CircuitBench.Models.Snapshots;

/// <summary>Writes a UTF-8 text file so that readers see the old or the complete new content: a temporary
/// file in the same folder, flushed to disk, then renamed over the target.</summary>
internal static class AtomicText
{
    public static void Write(string path, string text)
    {
        var target = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
