#!/usr/bin/env bash
# Per-step latency of one LSTM at batch 1 on one core, all engines in the same run on the same core (taskset):
# PyTorch 1.13 (Debian python3-torch, one thread, inference mode) over a whole sequence (nn.LSTM, T steps) and step by
# step (nn.LSTMCell called T times); ONNX Runtime (the same nn.LSTM exported to ONNX, opset 14, one step per run with
# IoBinding, one intra- and inter-op thread, state fed back); EdgeLstm's float32 cell step and the int8 and FloatSD8
# QuantizedCellRunner.Step, on the default instruction path and again with AVX-512 and AVX2 switched off (DOTNET_*).
# Every engine runs once per round, rounds one after another; the tables give medians and, for the ratios, the median
# and range of the per-round ratios. About 20 s per round for one size, 3-4 min per round with --all --scalar.
# Usage: bench/pytorch-step.sh [--all | --sizes "32x64 16x32"] [--steps 100] [--repeats 200] [--rounds 3] [--scalar]
#   --scalar adds the EdgeLstm path without hardware intrinsics (DOTNET_EnableHWIntrinsic=0; slow at large sizes).
# Environment: EDGELSTM_BENCH_CORE (default 1), EDGELSTM_PYTHON (default /usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${EDGELSTM_PYTHON:-/usr/bin/python3}
core=${EDGELSTM_BENCH_CORE:-1}
sizes="32x64"
steps=100
repeats=200
rounds=3
scalar=""
while [ $# -gt 0 ]; do
  case $1 in
    --all) sizes="16x32 16x64 16x128 16x256 32x32 32x64 32x128 32x256 64x32 64x64 64x128 64x256"; shift ;;
    --sizes) sizes=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --scalar) scalar=with-scalar; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=bench/instruction-paths.sh
. bench/instruction-paths.sh
configs=$(edgelstm_paths $scalar)
dotnet build bench/EdgeLstm.Benchmarks -c Release -nologo -v quiet >/dev/null
dll=bench/EdgeLstm.Benchmarks/bin/Release/net10.0/EdgeLstm.Benchmarks.dll

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" bench/torch_onnx_export.py --sizes "$sizes" --steps "$steps" --out "$work"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date -u +%FT%TZ)
for round in $(seq "$rounds"); do
  for config in $configs; do
    onnx=()
    [ "$config" = default ] && onnx=(--onnx "$work")
    # Same JIT setting as step-table.sh: fully optimized code from the first call, no tiering to wait for.
    # shellcheck disable=SC2046
    env DOTNET_TieredCompilation=0 $(edgelstm_path_environment "$config") taskset -c "$core" dotnet "$dll" step-latency --sizes "$sizes" \
      --steps "$steps" --repeats "$repeats" "${onnx[@]}" | sed "s/^/$round\t$config\t/" >>"$work/results.tsv"
  done
  taskset -c "$core" "$python" bench/torch_step.py --sizes "$sizes" --steps "$steps" --repeats "$repeats" --threads 1 \
    | sed "s/^/$round\ttorch\t/" >>"$work/results.tsv"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "LSTM at batch 1, T=$steps, pinned to core $core, $repeats repeats per figure, $rounds round(s) from $start; $(bench_machine);" \
  "torch $("$python" -c 'import torch; print(torch.__version__)'), ONNX Runtime" \
  "$(sed -n 's/.*Include="Microsoft.ML.OnnxRuntime" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)," \
  "load average $load_before before and $load_after after."
echo
"$python" bench/step_peers.py <"$work/results.tsv"
