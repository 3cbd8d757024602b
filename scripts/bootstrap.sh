#!/usr/bin/env bash
# Installs the Debian packages rnngen needs, if any are missing. Safe to run repeatedly.
set -euo pipefail
packages=(build-essential cmake verilator yosys iverilog libyaml-cpp-dev libfmt-dev libgtest-dev
          libcli11-dev nlohmann-json3-dev libonnx-dev libprotobuf-dev libzip-dev pkg-config bc
          clang libclang-rt-dev nextpnr-ice40 fpga-icestorm python3 tcl opensta)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "bootstrap: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
