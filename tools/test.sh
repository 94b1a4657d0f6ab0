#!/usr/bin/env bash
# Runs the whole test suite: restores the Cake tool, then `dotnet cake --target=Test`
# (build, npm packages for the interop tests, tests under both GEMM backends).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore
dotnet cake --target=Test "$@"
