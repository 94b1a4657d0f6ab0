// The build targets.

Task("Clean")
    .Description("Removes build outputs (bin/, obj/) and test results.")
    .Does(() =>
{
    CleanDirectories("./src/**/bin");
    CleanDirectories("./src/**/obj");
    CleanDirectories("./tests/**/bin");
    CleanDirectories("./tests/**/obj");
    if (DirectoryExists(testResultsDir)) DeleteDirectory(testResultsDir, new DeleteDirectorySettings { Recursive = true });
});

Task("Build")
    .Description("Builds the solution (warnings are errors).")
    .Does(() => Run("dotnet", $"build \"{solution}\" -c {configuration} --nologo"));

Task("InteropSetup")
    .Description("Installs the npm packages of every interop folder (DuckDB and hyparquet readers, the GPT-2 reference encoder).")
    .Does(() =>
{
    foreach (var lockFile in GetFiles($"{interopDir}/**/package-lock.json").Where(f => !f.FullPath.Contains("/node_modules/")))
        Run("npm", $"ci --prefix \"{lockFile.GetDirectory()}\" --no-audit --no-fund");
});

Task("Test")
    .Description("Runs every test with the OpenBLAS GEMM backend, the compute tests again with the managed one, then reproduces the smoke sweep.")
    .IsDependentOn("Build")
    .IsDependentOn("InteropSetup")
    .Does(() =>
{
    TestWithBackend("openblas", "");
    TestWithBackend("managed", "Category!=Interop&Category!=Slow");
    // The committed reference still reproduces (a seconds-long sweep; the default sweep's Reproduce is nightly).
    CircuitBench("reproduce --sweep experiments/smoke.yaml");
});

Task("Bench")
    .Description("Measures managed vs OpenBLAS GEMM side by side (JSON lines); --bdn=true also runs the BenchmarkDotNet suite.")
    .IsDependentOn("Build")
    .Does(() =>
{
    foreach (var (m, n, k) in new[] { (1024, 1024, 1024), (512, 3072, 768) })
    foreach (var backend in new[] { "openblas", "managed" })
        CircuitBench($"bench gemm --m {m} --n {n} --k {k} --backend {backend} --threads 2");
    if (Argument("bdn", false))
        Run("dotnet", $"run --project \"{benchmarksProject}\" -c {configuration} -- --filter *");
});
