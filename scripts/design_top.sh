#!/usr/bin/env bash
# Prints the top module of a generated design folder (from its manifest.json).
set -euo pipefail
sed -n 's/^  "top": "\(.*\)",$/\1/p' "$1/manifest.json"
