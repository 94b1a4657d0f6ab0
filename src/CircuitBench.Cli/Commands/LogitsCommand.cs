using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using CircuitBench.Models.Architecture;
using CircuitBench.Models.Loading;
using CircuitBench.Models.Snapshots;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Cli.Commands;

/// <summary>
/// <c>logits --model MODEL --tokens 1,2,3 [--tokens 4,5 …] [--lock-file PATH]</c>: prints
/// <c>{"logits": [[…], …]}</c>, the last-position logits of each token sequence — a quick
/// "does it load right" check. With a lock file the model is verified before anything is computed.
/// </summary>
public static class LogitsCommand
{
    /// <summary>Creates the <c>logits</c> command.</summary>
    /// <param name="resolver">Resolves references; null means <see cref="SnapshotResolver.FromEnvironment"/> at invocation.</param>
    public static Command Create(SnapshotResolver? resolver = null)
    {
        var model = new Option<string>("--model") { Description = "A model folder or a hub id in the Hugging Face cache.", Required = true };
        var tokens = new Option<string[]>("--tokens")
        {
            Description = "Comma-separated token ids of one sequence; repeat for several sequences.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        tokens.Validators.Add(ValidateTokens);
        var lockFile = new Option<string?>("--lock-file") { Description = "Verify the model against this lock file before computing." };
        var command = new Command("logits", "Print the last-position logits of each token sequence as JSON.") { model, tokens, lockFile };
        command.SetAction(parse => UserErrors.Report(parse, output =>
        {
            var snapshots = resolver ?? SnapshotResolver.FromEnvironment();
            var reference = parse.GetValue(model)!;
            var lockPath = parse.GetValue(lockFile);
            var resolved = lockPath is null ? snapshots.Resolve(reference) : ModelLock.Require(Path.GetFullPath(lockPath), reference, snapshots);
            var transformer = ModelLoader.Load(resolved);
            var sequences = parse.GetValue(tokens)!.Select(ParseIds).ToArray();
            output.WriteLine(ToJson(LastLogits(transformer, sequences)));
            return 0;
        }));
        return command;
    }

    /// <summary>Last-position logits [sequence][vocab] of each sequence, run as one right-padded batch.</summary>
    public static float[][] LastLogits(HookedTransformer model, IReadOnlyList<int[]> sequences)
    {
        using var _ = GradTape.NoGrad();
        var batch = new TokenBatch(sequences);
        var last = Ops.SelectPositions(model.Forward(batch), batch.LastPositions);      // [b, vocab]
        var vocab = last.Dim(1);
        return Enumerable.Range(0, batch.Batch).Select(b => last.Data.Slice(b * vocab, vocab).ToArray()).ToArray();
    }

    private static string ToJson(float[][] logits)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("logits");
            foreach (var row in logits)
            {
                json.WriteStartArray();
                foreach (var v in row) json.WriteNumberValue(v);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static int[] ParseIds(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries).Select(t => int.Parse(t, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();

    private static void ValidateTokens(OptionResult result)
    {
        foreach (var token in result.Tokens)
        {
            var parts = token.Value.Split(',', StringSplitOptions.TrimEntries);
            var bad = parts.FirstOrDefault(p => !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _));
            if (bad is not null)
                result.AddError($"--tokens '{token.Value}': '{bad}' is not a non-negative integer token id (write ids separated by commas, e.g. --tokens 464,3290,318).");
        }
    }
}
