#!/usr/bin/env bash
# The end-to-end EdgeLstm demo, self-contained (it uses the committed traffic-lab capture under samples/):
#   1. features: the capture -> per-host 1-second window features, labelled from the lab's attack times;
#   2. train: an LSTM next-step predictor on benign windows only, threshold at 2% false positives, then
#      quantized to int8 (calibrated on the training data) so the agent runs the integer kernel;
#   3. inspect: what the model file holds;
#   4. agent: a local mosquitto broker, the EdgeLstm agent replaying the capture, and the MQTT alerts it publishes.
set -euo pipefail
cd "$(dirname "$0")"

bash scripts/install-deps.sh demo
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build EdgeLstm.sln -c Release -nologo -v quiet

out=out/demo
mkdir -p "$out"
train() { dotnet src/Trainer/bin/Release/net10.0/EdgeLstm.Trainer.dll "$@"; }

echo "== 1-2. features from samples/traffic-lab/lab.pcap, then an unsupervised LSTM trained on benign windows"
bash scripts/train-lab-model.sh "$out"

echo "== 3. inspect the model"
train inspect "$out/model.safetensors"

echo "== 4. the agent replays the capture and publishes alerts over MQTT"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mosquitto -p "$port" >"$out/mosquitto.log" 2>&1 &
broker=$!
trap 'kill $broker 2>/dev/null || true' EXIT
# Wait (bounded) until the broker accepts connections, then subscribe.
for _ in $(seq 50); do
  mosquitto_pub -h 127.0.0.1 -p "$port" -t edgelstm/ready -m ready 2>/dev/null && break
  sleep 0.1
done
mosquitto_sub -h 127.0.0.1 -p "$port" -t 'edgelstm/#' -v >"$out/mqtt.log" 2>&1 &
subscriber=$!
trap 'kill $subscriber $broker 2>/dev/null || true' EXIT
sleep 0.3
rm -rf "$out/outbox"
EDGELSTM_CONFIG="$PWD/scripts/no-system-config.json" dotnet src/EdgeAgent/bin/Release/net10.0/EdgeLstm.EdgeAgent.dll \
  --Agent:DeviceId=demo --Mqtt:Host=127.0.0.1 --Mqtt:Port="$port" --Outbox:Directory="$PWD/$out/outbox" \
  --Detection:Source=replay --Detection:CaptureFile="$PWD/samples/traffic-lab/lab.pcap" \
  --Detection:ModelPath="$PWD/$out/model.safetensors" --Detection:StopAfterReplay=true
sleep 0.5
echo
echo "MQTT messages the broker delivered (edgelstm/demo/#):"
cat "$out/mqtt.log"
echo
echo "The lab's attacker is 10.77.0.66 (samples/traffic-lab/README.md); the report is $out/model.report.md."
