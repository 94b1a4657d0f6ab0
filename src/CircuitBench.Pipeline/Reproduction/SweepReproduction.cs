using CircuitBench.Parquet;
using CircuitBench.Pipeline.Caching;
using CircuitBench.Pipeline.Specs;
using CircuitBench.Pipeline.Stages;

namespace CircuitBench.Pipeline.Reproduction;

/// <summary>The differences found in one reference file (none when it reproduced).</summary>
public sealed record FileComparison(string File, IReadOnlyList<TableDifference> Differences);

/// <summary>
/// The nightly reproduction check: runs a sweep through every stage into an empty scratch results folder, then compares
/// every Parquet file of the reference folder (<c>results/reference/NAME/</c>) with the sweep's published file of the
/// same name (<c>sweeps/NAME/</c>) within <see cref="Tolerances"/>, rows named by their <c>cell</c>.
/// </summary>
public static class SweepReproduction
{
    /// <summary>Marks a scratch folder as this check's own, so that it may be emptied on the next run.</summary>
    public const string Marker = ".reproduce-scratch";

    /// <summary>Runs <paramref name="sweep"/> into <paramref name="scratch"/> (emptied first) and compares with <paramref name="referenceFolder"/>.</summary>
    /// <exception cref="ArgumentException">The reference folder has no Parquet file, or the scratch folder holds something else.</exception>
    public static IReadOnlyList<FileComparison> Run(SweepSpec sweep, string referenceFolder, string scratch, TextWriter output, Tolerances tolerances)
    {
        var references = Directory.Exists(referenceFolder) ? Directory.GetFiles(referenceFolder, "*.parquet").Order(StringComparer.Ordinal).ToArray() : [];
        if (references.Length == 0)
            throw new ArgumentException($"No reference Parquet files in '{referenceFolder}'; run `circuit-bench reproduce --update` once the sweep's results are checked.");
        RunFresh(sweep, scratch, output);
        var published = Published(scratch, sweep);
        return [.. references.Select(reference =>
        {
            var name = Path.GetFileName(reference);
            var produced = Path.Combine(published, name);
            if (!File.Exists(produced)) return new FileComparison(name, [new TableDifference("file", $"the sweep published no {name}")]);
            return new FileComparison(name, TableComparison.Compare(ParquetReader.Read(reference).Table, ParquetReader.Read(produced).Table, tolerances, "cell"));
        })];
    }

    /// <summary>Runs <paramref name="sweep"/> through every stage into <paramref name="scratch"/>, emptied first (refused when it holds anything but an earlier scratch run).</summary>
    public static void RunFresh(SweepSpec sweep, string scratch, TextWriter output)
    {
        Empty(scratch);
        new SweepRunner(scratch, output).Run(sweep, StageNames.All[^1]);
    }

    /// <summary>Copies the sweep's published Parquet files from <paramref name="scratch"/> into <paramref name="referenceFolder"/> (atomically, each file).</summary>
    public static IReadOnlyList<string> Update(SweepSpec sweep, string scratch, string referenceFolder)
    {
        Directory.CreateDirectory(referenceFolder);
        var files = Directory.GetFiles(Published(scratch, sweep), "*.parquet").Order(StringComparer.Ordinal).ToArray();
        foreach (var file in files) AtomicCopy.Copy(file, Path.Combine(referenceFolder, Path.GetFileName(file)));
        return [.. files.Select(f => Path.GetFileName(f))];
    }

    private static string Published(string scratch, SweepSpec sweep) => Path.Combine(scratch, "sweeps", sweep.Name);

    private static void Empty(string scratch)
    {
        if (Directory.Exists(scratch))
        {
            if (!File.Exists(Path.Combine(scratch, Marker)) && Directory.EnumerateFileSystemEntries(scratch).Any())
                throw new ArgumentException($"'{scratch}' is not empty and is not a reproduction scratch folder (no {Marker}); choose another --scratch folder.");
            Directory.Delete(scratch, recursive: true);
        }
        Directory.CreateDirectory(scratch);
        File.WriteAllText(Path.Combine(scratch, Marker), "Scratch folder of `circuit-bench reproduce`: emptied on every run.\n");
    }
}
