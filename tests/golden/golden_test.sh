#!/usr/bin/env bash
# Golden text of one small emitted top module (few and small on purpose): catches unintended
# changes to the emitted Verilog. RNNGEN_UPDATE_GOLDEN=1 rewrites the golden file.
set -euo pipefail
rnngen=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$rnngen" "$root/tests/e2e/tiny_csc.yaml" -o "$work/out" >/dev/null
golden=$here/tiny_csc_top.vtxt
if [ "${RNNGEN_UPDATE_GOLDEN:-0}" = 1 ]; then
  cp "$work/out/tiny_csc_top.v" "$golden"
  echo "golden: updated $golden"
  exit 0
fi
diff -u "$golden" "$work/out/tiny_csc_top.v" && echo "golden: tiny_csc_top.v matches"
