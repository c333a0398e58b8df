#!/usr/bin/env bash
# Per-step latency of one LSTM at batch 1 on one core: PyTorch 1.13 (Debian python3-torch, one thread, inference mode)
# over a whole sequence (nn.LSTM, T steps) and step by step (nn.LSTMCell called T times), against EdgeLstm's float32
# cell step and int8 QuantizedCellRunner.Step over the same T steps; medians of repeats, each pinned to the same core.
# Prints a Markdown table with the ratios PyTorch / EdgeLstm. About 10 s for one size, about 1 min with --all.
# Usage: bench/pytorch-step.sh [--all | --sizes "32x64 16x32"] [--steps 100] [--repeats 200]
# Environment: EDGELSTM_BENCH_CORE (default 1), EDGELSTM_PYTHON (default /usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${EDGELSTM_PYTHON:-/usr/bin/python3}
core=${EDGELSTM_BENCH_CORE:-1}
sizes="32x64"
steps=100
repeats=200
while [ $# -gt 0 ]; do
  case $1 in
    --all) sizes="16x32 16x64 16x128 16x256 32x32 32x64 32x128 32x256 64x32 64x64 64x128 64x256"; shift ;;
    --sizes) sizes=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
dotnet build bench/EdgeLstm.Benchmarks -c Release -nologo -v quiet >/dev/null
dll=bench/EdgeLstm.Benchmarks/bin/Release/net10.0/EdgeLstm.Benchmarks.dll

results=$(mktemp)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for size in $sizes; do
  # Same JIT setting as step-table.sh: fully optimized code from the first call, no tiering to wait for.
  DOTNET_TieredCompilation=0 taskset -c "$core" dotnet "$dll" step-latency --input "${size%x*}" --hidden "${size#*x}" \
    --steps "$steps" --repeats "$repeats" >>"$results"
done
taskset -c "$core" "$python" bench/torch_step.py --sizes "$sizes" --steps "$steps" --repeats "$repeats" --threads 1 >>"$results"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "LSTM at batch 1, T=$steps, one core ($core), median of $repeats repeats, ns per step; torch $("$python" -c 'import torch; print(torch.__version__)');" \
  "load average $load_before before and $load_after after."
echo
echo "| m | n | PyTorch nn.LSTM (sequence) | PyTorch LSTMCell (step by step) | EdgeLstm float32 | EdgeLstm int8 | nn.LSTM / float32 | LSTMCell / float32 | nn.LSTM / int8 | LSTMCell / int8 |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
awk -F'\t' '
  { value[$2 "x" $3, $1 "-" $4] = $5; if (!(($2 "x" $3) in seen)) { seen[$2 "x" $3] = 1; order[++count] = $2 "x" $3 } }
  END {
    for (i = 1; i <= count; i++) {
      k = order[i]; split(k, mn, "x")
      seq = value[k, "pytorch-sequence"]; step = value[k, "pytorch-step"]; f = value[k, "edgelstm-float32"]; q = value[k, "edgelstm-int8"]
      printf "| %s | %s | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f | %.1f | %.1f |\n", mn[1], mn[2], seq, step, f, q, seq / f, step / f, seq / q, step / q
    }
  }' "$results"
rm "$results"
