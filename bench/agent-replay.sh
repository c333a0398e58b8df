#!/usr/bin/env bash
# Replay throughput and memory of the whole agent on one core, for issue 7's closing note.
#
#   bench/agent-replay.sh [COPIES]     (default 100 copies of the lab capture, about 1.4 M packets; at most 300)
#
# 1. trains the demo's int8 model on samples/traffic-lab/lab.pcap (scripts/train-lab-model.sh, as demo.sh does), unless
#    out/bench/lab-model/model.safetensors exists;
# 2. builds out/bench/lab-xN.pcap: COPIES copies of the lab capture, each shifted 90 s after the previous one
#    (editcap -t, then mergecap -a), so N copies are N × 90 s of traffic (100 copies: 2.5 hours);
# 3. starts a local mosquitto and runs the agent pinned to CPU 0 (taskset -c 0), replaying at maximum speed,
#    under /usr/bin/time -v; then prints packets/s, host windows/s, alerts/s (over the replay itself, from the
#    agent's log event 3003) and the peak resident memory of the process.
set -euo pipefail
cd "$(dirname "$0")/.."

copies=${1:-100}
if ! [[ "$copies" =~ ^[0-9]+$ ]] || (( copies < 1 || copies > 300 )); then
  echo "agent-replay.sh: COPIES must be 1..300 (was '$copies')" >&2
  exit 64
fi
for tool in editcap mergecap mosquitto taskset /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "agent-replay.sh: $tool is missing (bash scripts/install-deps.sh demo; apt-get install time)" >&2; exit 69; }
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=out/bench
mkdir -p "$out"
dotnet build src/Trainer -c Release -nologo -v quiet
dotnet build src/EdgeAgent -c Release -nologo -v quiet
model="$out/lab-model/model.safetensors"

if [[ ! -f "$model" ]]; then
  echo "== training the demo model (int8, as the demo deploys it)"
  bash scripts/train-lab-model.sh "$out/lab-model" >/dev/null
fi

capture="$out/lab-x$copies.pcap"
if [[ ! -f "$capture" ]]; then
  echo "== building $capture"
  parts="$out/parts"
  rm -rf "$parts" && mkdir -p "$parts"
  for ((i = 0; i < copies; i++)); do
    editcap -F pcap -t $((i * 90)) samples/traffic-lab/lab.pcap "$parts/$(printf %03d "$i").pcap"
  done
  mergecap -F pcap -a -w "$capture" "$parts"/*.pcap
  rm -rf "$parts"
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mosquitto -p "$port" >"$out/mosquitto.log" 2>&1 &
broker=$!
trap 'kill $broker 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  mosquitto_pub -h 127.0.0.1 -p "$port" -t edgelstm/ready -m ready 2>/dev/null && break
  sleep 0.1
done

echo "== replaying $capture through the agent on CPU 0"
rm -rf "$out/outbox"
EDGELSTM_CONFIG="$PWD/scripts/no-system-config.json" /usr/bin/time -v -o "$out/time.txt" taskset -c 0 \
  dotnet src/EdgeAgent/bin/Release/net10.0/EdgeLstm.EdgeAgent.dll \
  --Agent:DeviceId=bench --Mqtt:Host=127.0.0.1 --Mqtt:Port="$port" --Outbox:Directory="$PWD/$out/outbox" \
  --Detection:Source=replay --Detection:CaptureFile="$PWD/$capture" --Detection:ReplaySpeed=0 \
  --Detection:ModelPath="$PWD/$model" --Detection:StopAfterReplay=true \
  --Logging:LogLevel:EdgeLstm.EdgeAgent.Detection=Information --Logging:LogLevel:EdgeLstm.EdgeAgent.Mqtt=Warning \
  >"$out/agent.log" 2>&1

line=$(grep -a 'Replay of .* finished in' "$out/agent.log" | tail -1)
[[ -n "$line" ]] || { echo "agent-replay.sh: the agent did not finish the replay; see $out/agent.log" >&2; exit 1; }
read -r seconds packets windows alerts < <(sed -E 's/.*finished in ([0-9.]+) s: ([0-9]+) packets, ([0-9]+) host windows, ([0-9]+) alerts.*/\1 \2 \3 \4/' <<<"$line")
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out/time.txt")
echo
echo "capture:        $capture ($copies copies of samples/traffic-lab/lab.pcap, $((copies * 90)) s of traffic)"
scoring=$(grep -a -o 'Scoring in .*' "$out/agent.log" | tail -1)
echo "scoring:        ${scoring#Scoring in }"
echo "replay:         $seconds s on one core (process wall clock $wall, including start-up and the outbox drain)"
awk -v s="$seconds" -v p="$packets" -v w="$windows" -v a="$alerts" 'BEGIN {
  printf "packets:        %d  (%.0f packets/s)\n", p, p / s
  printf "host windows:   %d  (%.0f windows/s)\n", w, w / s
  printf "alerts:         %d  (%.1f alerts/s)\n", a, a / s }'
echo "peak RSS:       $((rss_kb / 1024)) MB ($rss_kb kB, /usr/bin/time -v)"
