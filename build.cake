// CircuitBench build script: `dotnet tool restore` once, then `dotnet cake --target=<Task>`.
// Tasks: Clean, Build, Test, Bench, and the pipeline: Datasets, Models, Attribute, Circuits, Evaluate, Plots,
// Report, Sweep (default), Reproduce (--sweep=FILE). Helpers live under build/.
#load "build/paths.cake"
#load "build/dotnet.cake"
#load "build/tasks.cake"
#load "build/pipeline.cake"

RunTarget(Argument("target", "Sweep"));
