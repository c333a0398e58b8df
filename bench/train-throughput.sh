#!/usr/bin/env bash
# Training throughput of EdgeLstm against PyTorch (Debian python3-torch) on the same LSTM, batch, sequence length
# and thread count, in the same run. Prints both rates and their ratio.
# Usage: bench/train-throughput.sh [--input 32] [--hidden 64] [--steps 20] [--batch 64] [--threads 1]
set -euo pipefail
cd "$(dirname "$0")/.."
python=${EDGELSTM_PYTHON:-/usr/bin/python3}
dotnet build bench/EdgeLstm.Benchmarks -c Release -nologo -v quiet >/dev/null
ours=$(dotnet bench/EdgeLstm.Benchmarks/bin/Release/net10.0/EdgeLstm.Benchmarks.dll train-throughput --cell lstm "$@")
theirs=$("$python" bench/torch_train_throughput.py "$@")
echo "$ours"
echo "$theirs"
rate() { sed -E 's/.*: ([0-9.]+) sequences\/s/\1/'; }
awk -v a="$(echo "$ours" | rate)" -v b="$(echo "$theirs" | rate)" 'BEGIN { printf "ratio edgelstm/pytorch: %.2f\n", a / b }'
