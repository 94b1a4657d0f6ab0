using CircuitBench.Models.Architecture;
using CircuitBench.Models.Checkpoints;
using CircuitBench.Models.Snapshots;
using CircuitBench.Safetensors;

namespace CircuitBench.Models.Training;

/// <summary>
/// Saves a trained model as a Hugging Face style folder that <see cref="Loading.ModelLoader"/> loads like any GPT-2
/// snapshot: <c>config.json</c>, <c>model.safetensors</c> (GPT-2 names, F32, metadata <c>format: pt</c>) and
/// <c>training_report.json</c>. The files are written into a temporary sibling folder that is then renamed into place,
/// so an interrupted save leaves no half-written model folder.
/// </summary>
public static class TrainedModelFolder
{
    /// <summary>The weights file name.</summary>
    public const string WeightsFileName = "model.safetensors";

    /// <summary>True when <paramref name="folder"/> exists and holds at least one entry (saving there needs <c>overwrite</c>).</summary>
    public static bool IsOccupied(string folder) => Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any();

    /// <summary>Writes the model and its report to <paramref name="folder"/> (created with its parents when missing).</summary>
    /// <param name="folder">The destination folder.</param>
    /// <param name="model">The trained model.</param>
    /// <param name="report">Its training report.</param>
    /// <param name="overwrite">Replace a non-empty <paramref name="folder"/>; without it such a folder is an error.</param>
    /// <exception cref="IOException"><paramref name="folder"/> is not empty and <paramref name="overwrite"/> is false, or the file system failed.</exception>
    public static void Write(string folder, HookedTransformer model, TrainingReport report, bool overwrite = false)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (!overwrite && IsOccupied(target))
            throw new IOException($"'{target}' exists and is not empty; choose an empty or new folder, or overwrite it.");
        var parent = Path.GetDirectoryName(target) ?? throw new IOException($"'{target}' has no parent folder to write beside.");
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(staging);
            ModelConfigJson.Write(model.Config, Path.Combine(staging, ModelConfigJson.FileName));
            Weights(model.Weights).Write(Path.Combine(staging, WeightsFileName));
            File.WriteAllText(Path.Combine(staging, TrainingReportJson.FileName), TrainingReportJson.ToJson(report));
            Replace(staging, target);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>The checkpoint of <paramref name="weights"/> in GPT-2 naming, ready to write.</summary>
    public static SafetensorsWriter Weights(TransformerWeights weights)
    {
        var writer = new SafetensorsWriter();
        foreach (var (name, tensor) in Gpt2Checkpoint.Write(weights))
            writer.Add(name, tensor.Data, [.. tensor.Shape]);
        writer.Metadata["format"] = "pt";
        return writer;
    }

    /// <summary>Moves <paramref name="staging"/> to <paramref name="target"/>, moving an existing target aside first and deleting it after.</summary>
    private static void Replace(string staging, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(staging, target);
            return;
        }
        var old = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.old");
        Directory.Move(target, old);
        Directory.Move(staging, target);
        Directory.Delete(old, recursive: true);
    }
}
