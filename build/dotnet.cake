// Small wrappers around processes the tasks run.

// Runs a process in the repository root with extra environment variables; fails the build on a non-zero exit code.
void Run(string tool, string arguments, IDictionary<string, string>? environment = null)
{
    Information($"> {tool} {arguments}");
    var settings = new ProcessSettings { Arguments = arguments, WorkingDirectory = repoRoot };
    if (environment is not null) settings.EnvironmentVariables = environment;
    var exitCode = StartProcess(tool, settings);
    if (exitCode != 0) throw new CakeException($"'{tool} {arguments}' failed with exit code {exitCode}.");
}

// Runs the tests of the whole solution with one GEMM backend selected (CIRCUITBENCH_GEMM).
void TestWithBackend(string backend, string filter)
{
    var filterArg = string.IsNullOrEmpty(filter) ? "" : $" --filter \"{filter}\"";
    Run("dotnet", $"test \"{solution}\" -c {configuration} --no-build --nologo --logger \"console;verbosity=minimal\"{filterArg}",
        new Dictionary<string, string> { ["CIRCUITBENCH_GEMM"] = backend });
}

// Runs the built circuit-bench command.
void CircuitBench(string arguments) =>
    Run("dotnet", $"run --project \"{cliProject}\" -c {configuration} --no-build -- {arguments}");
