#!/usr/bin/env bash
# The main job: restores the Cake tool, then runs the default sweep (`dotnet cake --target=Sweep`; --sweep=FILE for another).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore
dotnet cake --target=Sweep "$@"
