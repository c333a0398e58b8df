#!/usr/bin/env bash
# Reconnect delay of the agent after its broker returns, for issue 13's closing note.
#
#   bench/mqtt-reconnect.sh [ROUNDS] [OUTAGE_SECONDS]      (default 5 rounds of a 20 s outage)
#   EDGELSTM_AGENT_DLL=/path/EdgeLstm.EdgeAgent.dll bench/mqtt-reconnect.sh   (another build, for example main's)
#
# Starts a local mosquitto and the agent (no model: only its MQTT session matters here), then ROUNDS times stops the
# broker (SIGTERM), waits OUTAGE_SECONDS, starts it again and measures, from the moment the broker accepts TCP
# connections again, how long the agent takes to log its next "Connected" line (event 2001; polled every 20 ms).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-5}
outage=${2:-20}
for tool in mosquitto python3; do
  command -v "$tool" >/dev/null || { echo "mqtt-reconnect.sh: $tool is missing" >&2; exit 69; }
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dll=${EDGELSTM_AGENT_DLL:-}
if [[ -z "$dll" ]]; then
  dotnet build src/EdgeAgent -c Release -nologo -v quiet >/dev/null
  dll=src/EdgeAgent/bin/Release/net10.0/EdgeLstm.EdgeAgent.dll
fi

out=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
listening() { python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $port)))"; }
start_broker() {
  mosquitto -p "$port" >>"$out/mosquitto.log" 2>&1 &
  broker=$!
  until listening; do sleep 0.005; done
}
connected() { local n; n=$(grep -a -c '\[2001\]' "$out/agent.log" 2>/dev/null || true); echo "${n:-0}"; }

broker=""
agent=""
trap '[[ -n "$agent" ]] && kill "$agent" 2>/dev/null; [[ -n "$broker" ]] && kill "$broker" 2>/dev/null; rm -rf "$out"' EXIT
start_broker
EDGELSTM_CONFIG="$PWD/scripts/no-system-config.json" dotnet "$dll" --Agent:DeviceId=reconnect --Mqtt:Host=127.0.0.1 --Mqtt:Port="$port" \
  --Outbox:Directory="$out/outbox" >"$out/agent.log" 2>&1 &
agent=$!
until (( $(connected) >= 1 )); do sleep 0.05; done

delays=()
for ((r = 1; r <= rounds; r++)); do
  before=$(connected)
  kill "$broker"; wait "$broker" 2>/dev/null || true
  sleep "$outage"
  start_broker
  back=$(date +%s.%N)
  until (( $(connected) > before )); do sleep 0.02; done
  now=$(date +%s.%N)
  delay=$(awk -v a="$back" -v b="$now" 'BEGIN { printf "%.2f", b - a }')
  delays+=("$delay")
  echo "round $r: broker back after ${outage} s, agent connected ${delay} s later"
done
printf '%s\n' "${delays[@]}" | sort -n | awk '{ v[NR] = $1; s += $1 } END {
  printf "reconnect delay over %d rounds: min %.2f s, median %.2f s, max %.2f s, mean %.2f s\n", NR, v[1], v[int((NR + 1) / 2)], v[NR], s / NR }'
