#!/usr/bin/env bash
# Leaf-cell equivalence proofs (docs/verification.md). One Yosys run per proof, one line each:
#   PASS requant InBits=32 Shift=12 OutBits=17 (0.1 s)
# Usage: tests/equiv/prove.sh [requant|act_index|mac|prod_bound|acc_bound|all]   (default all)
# Exits non-zero when any proof fails (or a negative control unexpectedly passes).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tpl=$(cd "$here/../../templates" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

# run NAME DESCRIPTION EXPECT COMMAND...: EXPECT is pass or fail (a negative control).
run() {
  local name=$1 desc=$2 expect=$3
  shift 3
  local start end got log=$work/$name.log
  start=$(date +%s.%N)
  if "$@" >"$log" 2>&1; then got=pass; else got=fail; fi
  end=$(date +%s.%N)
  local t
  t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  if [ "$got" = "$expect" ]; then
    if [ "$expect" = pass ]; then echo "PASS $name $desc (${t} s)"
    else echo "PASS $name $desc: counterexample found, as expected (${t} s)"; fi
  else
    echo "FAIL $name $desc (${t} s)"
    tail -n 30 "$log"
    failed=1
  fi
}

# Combinational cell == reference for every input: SAT on the miter.
comb_equiv() {  # cell ref "P1 V1 P2 V2 ..."
  local cell=$1 ref=$2 sets="" p
  read -r -a p <<<"$3"
  for ((i = 0; i < ${#p[@]}; i += 2)); do sets+=" -set ${p[i]} ${p[i+1]}"; done
  # Without -verify, sat prints the counterexample (in_in_i) before the script ends.
  local out
  out=$(yosys -p "read_verilog $tpl/$cell.v $here/$ref.v; chparam$sets $cell $ref; proc; \
miter -equiv -flatten -make_assert $cell $ref miter; hierarchy -top miter; \
sat -prove-asserts -show-ports miter" 2>&1) || { echo "$out"; return 1; }
  grep -A4 "Signal Name" <<<"$out"
  grep -q "no model found: SUCCESS" <<<"$out"
}

# Min accumulator width, as MinAccumulatorBits() in generator/model/fixed_point.cc.
min_acc() {
  local p=$(($1 + $2 - 2)) acc=$(($1 + $2 - 1))
  while (((1 << (acc - 1 - p)) <= $3 + 1)); do acc=$((acc + 1)); done
  echo "$acc"
}

requant() {
  # InBits Shift OutBits. The PE's four instances for each format pair (fc: A+S, Af, S+1;
  # ig: 2A, 2Af-Sf, S+1; c: S+2, 0, S; h: 2A, Af, A) at the default 16/12 formats, the widest
  # (max_widths: A 16/15, S 24/23), the narrowest (A 4/1 and 4/3, S 4), ig shift 0 and 29,
  # InBits < OutBits (A 4, S 24); then wider inputs and shifts than the spec produces.
  local s
  for s in "32 12 17" "32 12 16" "18 0 16" "40 15 25" "32 7 25" "26 0 24" "32 15 16" \
           "8 1 5" "8 1 4" "6 0 4" "8 3 5" "8 3 4" "16 0 9" "32 29 25" "28 1 25" "8 0 25" \
           "8 1 25" "20 3 17" "64 0 16" "64 1 4" "64 31 25" "64 32 25" "64 33 8" "64 61 25" \
           "64 63 4" "5 0 25"; do
    set -- $s
    run requant "InBits=$1 Shift=$2 OutBits=$3" pass \
      comb_equiv rnngen_requant ref_requant "InBits $1 Shift $2 OutBits $3"
  done
}

act_index() {
  # InBits Shift LutBits. Gate (AccBits, Wf+Af-(L-4), L) and state (S, Sf-(L-4), L) indices at
  # the defaults and max_widths, LutBits 4 and 14, shift 0, InBits < LutBits (S 4, Sf 3, L 7;
  # AccBits 7 with L 8), InBits = LutBits and LutBits + 1, shift >= InBits.
  local s
  for s in "32 12 10" "16 6 10" "64 20 14" "24 13 14" "4 1 4" "4 0 7" "24 0 14" "7 0 8" \
           "10 0 10" "10 2 10" "11 0 10" "5 0 4" "8 10 4" "64 0 14" "64 30 4" "35 26 8" \
           "13 9 14" "6 0 9"; do
    set -- $s
    run act_index "InBits=$1 Shift=$2 LutBits=$3" pass \
      comb_equiv rnngen_act_index ref_act_index "InBits $1 Shift $2 LutBits $3"
  done
}

mac_equiv() {  # WeightBits ActBits AccBits: sequential, base case from reset + induction.
  yosys -q -p "read_verilog $tpl/rnngen_mac.v $here/ref_mac.v; \
chparam -set WeightBits $1 -set ActBits $2 -set AccBits $3 rnngen_mac ref_mac; proc; \
miter -equiv -flatten -make_assert rnngen_mac ref_mac miter; hierarchy -top miter; \
async2sync; opt -fast; wreduce; opt_clean; \
sat -verify -prove-asserts -tempinduct -set-init-zero -maxsteps 4 -show-ports miter"
}

mac() {
  # WeightBits ActBits AccBits: defaults (8, 16, 32), max_widths (16, 16, 64), the narrowest
  # weights and activations with their smallest legal accumulator, mixed widths.
  local s
  for s in "8 16 32" "16 16 64" "16 16 35" "2 4 7" "2 16 19" "16 4 23" "8 8 18" "4 4 10" \
           "12 10 40" "16 16 45"; do
    set -- $s
    run mac "WeightBits=$1 ActBits=$2 AccBits=$3" pass mac_equiv "$@"
  done
}

prod_bound_proof() {  # WeightBits ActBits: ABC's iprove on the AIG of prod_bound.bad_o.
  local aig=$work/prod_bound_$1_$2.aig out
  yosys -q -p "read_verilog $here/prod_bound.v; chparam -set WeightBits $1 -set ActBits $2 \
prod_bound; proc; hierarchy -top prod_bound; opt -fast; wreduce; opt_clean; techmap; opt -fast; \
aigmap; opt_clean; write_aiger $aig" || return 1
  out=$(yosys-abc -c "read_aiger $aig; iprove" 2>&1) || return 1
  echo "$out"
  grep -q UNSATISFIABLE <<<"$out"
}

prod_bound() {
  local s
  for s in "2 4" "2 16" "16 4" "8 16" "16 16" "8 8" "13 7" "4 4"; do
    set -- $s
    run prod_bound "WeightBits=$1 ActBits=$2" pass prod_bound_proof "$@"
  done
}

acc_bound_proof() {  # P AccBits Terms
  yosys -q -p "read_verilog $here/acc_bound.v; \
chparam -set P $1 -set AccBits $2 -set Terms $3 acc_bound; proc; hierarchy -top acc_bound; \
async2sync; opt -fast; sat -verify -tempinduct -prove ok_o 1 -set-init-zero -maxsteps 8 \
-show-inputs acc_bound"
}

acc_bound() {
  # WeightBits ActBits fan_in (input_size + hidden_size) at AccBits = MinAccumulatorBits(),
  # the tightest legal width; then the same bound one bit narrower must fail (short sums, so
  # that the counterexample is a real trace).
  local s acc
  for s in "8 16 192" "8 16 510" "16 16 8192" "2 4 2" "16 16 2" "4 4 4096" "8 8 100" \
           "2 16 1000"; do
    set -- $s
    acc=$(min_acc "$1" "$2" "$3")
    run acc_bound "WeightBits=$1 ActBits=$2 fan_in=$3 AccBits=$acc" pass \
      acc_bound_proof $(($1 + $2 - 2)) "$acc" "$3"
  done
  for s in "2 4 2" "4 4 3" "8 16 6"; do
    set -- $s
    acc=$(($(min_acc "$1" "$2" "$3") - 1))
    run acc_bound "WeightBits=$1 ActBits=$2 fan_in=$3 AccBits=$acc (one bit short)" fail \
      acc_bound_proof $(($1 + $2 - 2)) "$acc" "$3"
  done
}

case ${1:-all} in
  requant) requant ;;
  act_index) act_index ;;
  mac) mac ;;
  prod_bound) prod_bound ;;
  acc_bound) acc_bound ;;
  all) requant; act_index; mac; prod_bound; acc_bound ;;
  *) echo "usage: $0 [requant|act_index|mac|prod_bound|acc_bound|all]" >&2; exit 2 ;;
esac
exit $failed
