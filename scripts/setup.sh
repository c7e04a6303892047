#!/usr/bin/env bash
# Installs the native libraries Apprentice uses, when they are missing: OpenBLAS (benchmarks only)
# and MuJoCo 2.2.2 with its headers and gcc (the MuJoCo tasks; the build compiles a small C shim against
# the headers). Everything else comes from NuGet at build time. With --tests it adds NumPy, h5py and protobuf
# (python3-numpy, python3-h5py, python3-protobuf), against which the tests check that demonstrations cross to and
# from Python and that TensorBoard's event files decode.
set -euo pipefail
packages=(libopenblas0-pthread libmujoco2.2.2 libmujoco-dev gcc)
[[ "${1:-}" == "--tests" ]] && packages+=(python3-numpy python3-h5py python3-protobuf)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0
if ! command -v apt-get >/dev/null; then
  echo "setup: apt-get not found; install ${missing[*]} with your package manager" >&2
  exit 0
fi
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
