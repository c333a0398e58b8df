#!/usr/bin/env bash
# What scoring one host window costs on one core, for capacity planning: an LSTM next-step model (the trainer's
# unsupervised default, T = 4) in float32, int8 and FloatSD8 through the agent's scoring code (HostSequenceScorer,
# IntegerSequenceScorer), at the lab model's size (scripts/train-lab-model.sh: 48 window features, n = 16), the
# trainer's default width (n = 32) and the grid's sizes, on each instruction path (default, AVX-512 off, AVX2 off,
# scalar), in rounds; prints medians and the host-windows per second one core sustains. About 1.5 min per round.
# Usage: bench/window-cost.sh [--sizes "32x64 64x256"] [--no-grid] [--repeats 200] [--rounds 3]
# Environment: EDGELSTM_BENCH_CORE (default 1), EDGELSTM_PYTHON (default /usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${EDGELSTM_PYTHON:-/usr/bin/python3}
core=${EDGELSTM_BENCH_CORE:-1}
sizes="16x32 16x64 16x128 16x256 32x32 32x64 32x128 32x256 64x32 64x64 64x128 64x256"
repeats=200
rounds=3
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --no-grid) sizes=""; shift ;;
    --repeats) repeats=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=bench/instruction-paths.sh
. bench/instruction-paths.sh
dotnet build bench/EdgeLstm.Benchmarks -c Release -nologo -v quiet >/dev/null
dll=bench/EdgeLstm.Benchmarks/bin/Release/net10.0/EdgeLstm.Benchmarks.dll

results=$(mktemp)
trap 'rm -f "$results"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date -u +%FT%TZ)
for round in $(seq "$rounds"); do
  for config in $(edgelstm_paths with-scalar); do
    # shellcheck disable=SC2046
    env DOTNET_TieredCompilation=0 $(edgelstm_path_environment "$config") taskset -c "$core" dotnet "$dll" window-cost --lab \
      --sizes "$sizes" --repeats "$repeats" | sed "s/^/$round\t$config\t/" >>"$results"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "One host window scored by the agent's code, LSTM next-step model, T = 4, pinned to core $core, $repeats repeats of 4" \
  "windows per figure, $rounds round(s) from $start; $(bench_machine); load average $load_before before and $load_after after."
echo
"$python" bench/window_costs.py <"$results"
