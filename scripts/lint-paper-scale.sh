#!/usr/bin/env bash
# Lints the paper-scale attention core (R = 128, d = 64, N_max = T_max = 1024: predictor 128 x 32, 4 MAC lanes per
# row) in the three tools the tests use on small configurations: verilator --lint-only -Wall, iverilog -g2005 -Wall,
# yosys hierarchy -check; proc; check -assert (no latches). Too big for the test suite (minutes per tool); run by hand:
#     scripts/lint-paper-scale.sh [OUT-DIR]
set -euo pipefail
out="${1:-.build/paper-scale-core}"
gen="${SOFA_GEN:-swift run -c release sofa-gen}"
rm -rf "$out"
start=$(date +%s)
$gen emit attention-core --rows 128 --head-dim 64 --max-keys 1024 --max-queries 1024 --out "$out"
echo "emitted $(cat "$out"/*.v | wc -l) lines in $(( $(date +%s) - start )) s"
cd "$out"
files=$(tr "\n" " " < filelist.f)
top=AttentionCore

t=$(date +%s)
verilator --lint-only -Wall --top-module "$top" $files
echo "verilator --lint-only -Wall: clean ($(( $(date +%s) - t )) s)"

t=$(date +%s)
iverilog -g2005 -Wall -s "$top" -o /dev/null $files 2>&1 | tee iverilog.log
if [ -s iverilog.log ]; then echo "iverilog: warnings (above)"; exit 1; fi
echo "iverilog -g2005 -Wall: clean ($(( $(date +%s) - t )) s)"

t=$(date +%s)
yosys -q -l yosys.log -p "read_verilog $files; hierarchy -check -top $top; proc; check -assert; select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr" >/dev/null
echo "yosys hierarchy -check; proc; check -assert, no latches: clean ($(( $(date +%s) - t )) s)"
