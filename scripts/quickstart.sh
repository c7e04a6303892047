#!/usr/bin/env bash
# The README's main job: set up, build, and run Apprentice on a built-in default.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dotnet build -c Release src/Apprentice.Cli -v quiet -nologo
app=src/Apprentice.Cli/bin/Release/net10.0/apprentice
"$app" envs
"$app" eval --env CartPole-v1 --policy random --episodes 100 --seed 0
run=runs/quickstart-CartPole-v1
rm -rf "$run"
"$app" train --env CartPole-v1 --steps 150000 --seed 0 --out "$run"
"$app" eval --policy "$run/policy.safetensors" --episodes 100 --seed 1
