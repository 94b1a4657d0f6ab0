// Paths and settings shared by the build tasks.
var configuration = Argument("configuration", "Release");
var repoRoot = MakeAbsolute(Directory("."));
var solution = repoRoot.CombineWithFilePath("CircuitBench.sln");
var cliProject = repoRoot.CombineWithFilePath("src/CircuitBench.Cli/CircuitBench.Cli.csproj");
var benchmarksProject = repoRoot.CombineWithFilePath("tests/CircuitBench.Benchmarks/CircuitBench.Benchmarks.csproj");
var interopDir = repoRoot.Combine("tests/interop");
var testResultsDir = repoRoot.Combine("results/test-results");
