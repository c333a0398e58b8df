#!/usr/bin/env bash
# Issue 4's comparison: dense FP32 vs SET at 20%, 10% and 4% density vs FloatSD8 vs SET (10%) + FloatSD8, for the
# lstm and lite cells, on NSL-KDD (binary, tested on KDDTest+) and on IoT-23 (time-ordered Zeek flows, validation
# split). Each variant is one `edgelstm-train compare` run; its Markdown table rows are printed under a heading.
# Needs the train/compare flags --sparse --density and --floatsd8 (see TrainingOptions.Sparse / .FloatSD8).
# Usage: bench/compare-sparse-sd8.sh [extra compare options, e.g. --epochs 10 --hidden 32 --threads 2]
# Environment: EDGELSTM_NSLKDD_TRAIN=KDDTrain+_20Percent.txt for a quicker run; EDGELSTM_SKIP_NSLKDD=1 or
# EDGELSTM_SKIP_IOT23=1 to run one dataset; EDGELSTM_COMPARE_DIR for the output folder.
set -euo pipefail
cd "$(dirname "$0")/.."
datasets=${EDGELSTM_DATASETS:-../shared/datasets}
[ -d "$datasets/nsl-kdd" ] || datasets=/work/shared/datasets
out=${EDGELSTM_COMPARE_DIR:-$(mktemp -d)}
# EDGELSTM_TRAIN_DLL: an already built EdgeLstm.Trainer.dll to run instead of building this tree's.
dll=${EDGELSTM_TRAIN_DLL:-}
if [ -z "$dll" ]; then
  dotnet build src/Trainer -c Release -nologo -v quiet >/dev/null
  dll=src/Trainer/bin/Release/net10.0/EdgeLstm.Trainer.dll
fi
train() { dotnet "$dll" "$@"; }

variants=(
  "dense-fp32|"
  "set-20|--sparse --density 0.2"
  "set-10|--sparse --density 0.1"
  "set-04|--sparse --density 0.04"
  "floatsd8|--floatsd8"
  "set-10+floatsd8|--sparse --density 0.1 --floatsd8"
)

run() { # $1: dataset label, rest: data options
  local label=$1; shift
  for variant in "${variants[@]}"; do
    local name=${variant%%|*} flags=${variant#*|}
    echo "### $label, $name ${flags:+($flags)}"
    # shellcheck disable=SC2086 # the flags are meant to split
    train compare "$@" --cells lstm lite --output-dir "$out/$label/$name" $flags "${extra[@]}" | grep '^|'
    for model in "$out/$label/$name"/*.safetensors; do
      train inspect "$model" | grep -E '^(model|bytes|non-zero|storage) '
    done
    echo
  done
}

extra=("$@")
[ "${EDGELSTM_SKIP_NSLKDD:-0}" = 1 ] || run nsl-kdd --data "$datasets/nsl-kdd/${EDGELSTM_NSLKDD_TRAIN:-KDDTrain+.txt}" --format nsl-kdd --test "$datasets/nsl-kdd/KDDTest+.txt"
[ "${EDGELSTM_SKIP_IOT23:-0}" = 1 ] || run iot-23 --data "$datasets"/iot-23/*-labeled.csv --format zeek
echo "Models and reports are in $out"
