// CircuitBench build script: `dotnet tool restore` once, then `dotnet cake --target=<Task>`.
// Tasks: Clean, Build, Test, Bench (default), and the pipeline: Datasets, Models, Attribute, Circuits, Evaluate, Plots,
// Report, Sweep, Reproduce (--sweep=FILE). Helpers live under build/.
#load "build/paths.cake"
#load "build/dotnet.cake"
#load "build/tasks.cake"
#load "build/pipeline.cake"

RunTarget(Argument("target", "Bench"));
