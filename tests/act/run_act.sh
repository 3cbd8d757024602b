#!/usr/bin/env bash
# The exhaustive activation check (docs/verification.md), in two steps:
#   run_act.sh build BUILD_DIR RNNGEN SPEC...
#       generates each spec into BUILD_DIR/designs/<name> and builds the harness
#       (tests/act/harness) once for all of them: one Verilator build per distinct parameter set
#   run_act.sh check BUILD_DIR NAME [act_check options]
#       checks the design BUILD_DIR/designs/NAME (work files in BUILD_DIR/work/NAME)
set -euo pipefail
step=$1 build=$2
shift 2
case $step in
  build)
    rnngen=$1
    shift
    here=$(cd "$(dirname "$0")" && pwd)
    designs=()
    for spec in "$@"; do
      out=$build/designs/$(basename "$spec" .yaml)
      "$rnngen" "$spec" -o "$out" > /dev/null
      designs+=("$out")
    done
    list=$(IFS=';'; echo "${designs[*]}")
    mkdir -p "$build/harness"
    # Verilator's saved file lists go, so that configuring re-runs it on the designs as they are
    # now (a model that splits into other files would otherwise link the old list).
    rm -f "$build"/harness/CMakeFiles/*/V*.dir/V*_copy.cmake
    log=$build/harness/build.log
    { cmake -S "$here/harness" -B "$build/harness" -DDESIGNS="$list" -DCMAKE_BUILD_TYPE=Release &&
      cmake --build "$build/harness" -j2; } > "$log" 2>&1 || { cat "$log"; exit 1; }
    echo "act: harness built for ${#designs[@]} designs in $build/harness" ;;
  check)
    name=$1
    shift
    exec "$build/harness/by_design/$name" "$build/designs/$name" "$build/work/$name" "$@" ;;
  *) echo "unknown step $step" >&2; exit 2 ;;
esac
