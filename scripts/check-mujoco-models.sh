#!/usr/bin/env bash
# Checks the project's MuJoCo model files against Gymnasium's (../shared/reference/mujoco-models next to the
# repository): compiled sizes, options and physical arrays, and 200-step trajectories. Prints each model's
# largest trajectory difference. The same tests run (or skip) in `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet test -c Release --filter "FullyQualifiedName~ModelEquivalenceTests" --logger "console;verbosity=detailed" \
  | grep -E "max \||Passed|Failed|Skipped|differ|vs"
