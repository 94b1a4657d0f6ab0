// CircuitBench build script: `dotnet tool restore` once, then `dotnet cake --target=<Task>`.
// Tasks: Clean, Build, Test, Bench (default). Helpers live under build/.
#load "build/paths.cake"
#load "build/dotnet.cake"
#load "build/tasks.cake"

RunTarget(Argument("target", "Bench"));
