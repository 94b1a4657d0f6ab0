using System.CommandLine;
using CircuitBench.Models.Snapshots;

namespace CircuitBench.Cli.Commands;

/// <summary>
/// The <c>models</c> command group, offline: <c>lock MODEL</c> pins a model's commit and file hashes in the
/// lock file, <c>verify [MODEL]</c> checks them (exit 1 and the differing file on stderr on any mismatch),
/// <c>show MODEL</c> prints the resolved paths and config as JSON. MODEL is a folder or a hub id
/// (<c>gpt2</c>, <c>org/name@revision</c>) resolved in the Hugging Face cache.
/// </summary>
public static class ModelsCommand
{
    /// <summary>Creates <c>models</c> with its subcommands.</summary>
    /// <param name="resolver">Resolves references; null means <see cref="SnapshotResolver.FromEnvironment"/> at invocation.</param>
    public static Command Create(SnapshotResolver? resolver = null)
    {
        SnapshotResolver Resolver() => resolver ?? SnapshotResolver.FromEnvironment();
        var models = new Command("models", "Resolve, lock and verify model snapshots (no network is used).");
        models.Subcommands.Add(Lock(Resolver));
        models.Subcommands.Add(Verify(Resolver));
        models.Subcommands.Add(Show(Resolver));
        return models;
    }

    private static Command Lock(Func<SnapshotResolver> resolver)
    {
        var model = ModelArgument(ArgumentArity.ExactlyOne);
        var lockFile = LockFileOption();
        var command = new Command("lock", "Pin MODEL's revision and the SHA-256 of every file it uses in the lock file.") { model, lockFile };
        command.SetAction(parse => UserErrors.Report(parse, output =>
        {
            var lockPath = Path.GetFullPath(parse.GetValue(lockFile)!);
            var entry = ModelLock.Write(lockPath, parse.GetValue(model)!, resolver());
            var commit = entry.Commit is null ? "" : $" at commit {entry.Commit}";
            output.WriteLine($"locked {entry.Reference}{commit}: {entry.Files.Count} files -> {lockPath}");
            return 0;
        }));
        return command;
    }

    private static Command Verify(Func<SnapshotResolver> resolver)
    {
        var model = ModelArgument(ArgumentArity.ZeroOrOne);
        model.Description += " Omit it to verify every locked model.";
        var lockFile = LockFileOption();
        var command = new Command("verify", "Check locked models' files against the lock file; exit 1 naming each differing file.") { model, lockFile };
        command.SetAction(parse => UserErrors.Report(parse, output =>
        {
            var verification = ModelLock.Verify(parse.GetValue(lockFile)!, parse.GetValue(model), resolver());
            foreach (var verified in verification.Models.Where(m => m.IsOk))
            {
                output.WriteLine($"ok {verified.Model.Reference}: {verified.FileCount} files match {verification.LockPath}");
            }
            verification.ThrowIfFailed();
            return 0;
        }));
        return command;
    }

    private static Command Show(Func<SnapshotResolver> resolver)
    {
        var model = ModelArgument(ArgumentArity.ExactlyOne);
        var command = new Command("show", "Print MODEL's resolved paths and config as JSON.") { model };
        command.SetAction(parse => UserErrors.Report(parse, output =>
        {
            var resolved = resolver().Resolve(parse.GetValue(model)!);
            output.WriteLine(ResolvedModelJson.Format(resolved, ModelConfigJson.Read(resolved.ConfigPath)));
            return 0;
        }));
        return command;
    }

    private static Argument<string?> ModelArgument(ArgumentArity arity) => new("MODEL")
    {
        Description = "A model folder (config.json + safetensors) or a hub id: gpt2, org/name, org/name@revision.",
        Arity = arity,
    };

    private static Option<string> LockFileOption() => new("--lock-file")
    {
        Description = "The lock file; relative paths are taken from the current directory.",
        HelpName = "PATH",
        DefaultValueFactory = _ => ModelLock.DefaultFileName,
    };
}
