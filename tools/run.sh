#!/usr/bin/env bash
# The main job: restores the Cake tool, then runs the default target (today: Bench; later: Sweep).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore
dotnet cake --target=Bench "$@"
