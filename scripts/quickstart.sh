#!/usr/bin/env bash
# The README's main job: set up, build, then imitate the shipped CartPole-v1 expert from 4 of its
# demonstrations with GAIL and with behaviour cloning, and compare them with the expert and a random policy.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dotnet build -c Release src/Apprentice.Cli -v quiet -nologo
app=src/Apprentice.Cli/bin/Release/net10.0/apprentice
demos=data/demos/CartPole-v1.npz
"$app" demos info "$demos" --env CartPole-v1
rm -rf runs/quickstart-gail runs/quickstart-bc
"$app" imitate --algo gail --env CartPole-v1 --demos "$demos" --trajectories 4 --out runs/quickstart-gail
"$app" imitate --algo bc --env CartPole-v1 --demos "$demos" --trajectories 4 --out runs/quickstart-bc
"$app" summary runs/quickstart-gail runs/quickstart-bc
"$app" render --policy runs/quickstart-gail/policy.safetensors --deterministic --out runs/quickstart-gail/episode.gif
