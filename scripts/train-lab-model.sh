#!/usr/bin/env bash
# Trains the model of the demo and the agent benchmark from the committed traffic-lab capture (needs a Release build):
# per-host 1-second window features labelled from the lab's attack times, an LSTM next-step predictor on benign windows
# only, threshold at 2% false positives, quantized to int8 (calibrated on the training data) so the agent runs the
# integer kernel.
# Usage: scripts/train-lab-model.sh OUTPUT_DIRECTORY   (writes lab-features.csv and model.safetensors there)
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:?usage: scripts/train-lab-model.sh OUTPUT_DIRECTORY}
mkdir -p "$out"
train() { dotnet src/Trainer/bin/Release/net10.0/EdgeLstm.Trainer.dll "$@"; }

train features --capture samples/traffic-lab/lab.pcap --attack-times samples/traffic-lab/labels.csv -o "$out/lab-features.csv"
train train --data "$out/lab-features.csv" --format features --unsupervised --cell lstm --hidden 16 --steps 4 \
  --epochs 40 --fpr 0.02 --seed 1 --quantize --name traffic-lab -o "$out/model.safetensors"
