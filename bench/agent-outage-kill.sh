#!/usr/bin/env bash
# Alerts lost across a broker outage and a SIGKILL of the agent, for issue 13's closing note.
#
#   bench/agent-outage-kill.sh [COPIES]    (default 100 copies of the lab capture, as bench/agent-replay.sh builds them)
#
# 1. a local mosquitto with persistence and a persistent QoS 1 subscriber (mosquitto_sub -c) on the alerts topic;
# 2. the agent replays the capture at full speed with the demo's int8 model; one second in, the broker is stopped;
# 3. when the replay has finished (every alert stored while the broker is down), the agent is killed with SIGKILL;
# 4. the broker comes back and a second agent, without a model, starts on the same outbox;
# then counts the alert ids the first agent stored (event 2008) and the distinct ids the subscriber received.
set -euo pipefail
cd "$(dirname "$0")/.."

copies=${1:-100}
out=out/bench
capture="$out/lab-x$copies.pcap"
model="$out/lab-model/model.safetensors"
[[ -f "$capture" && -f "$model" ]] || { echo "agent-outage-kill.sh: run bench/agent-replay.sh $copies first (it builds $capture and $model)" >&2; exit 69; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/EdgeAgent -c Release -nologo -v quiet >/dev/null
dll=src/EdgeAgent/bin/Release/net10.0/EdgeLstm.EdgeAgent.dll

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'persistence true\npersistence_location %s/\nuser %s\nlistener %s 127.0.0.1\nallow_anonymous true\n' "$work" "$(id -un)" "$port" >"$work/mosquitto.conf"
listening() { python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $port)))"; }
start_broker() { mosquitto -c "$work/mosquitto.conf" >>"$work/mosquitto.log" 2>&1 & broker=$!; until listening; do sleep 0.01; done; }
broker="" sub="" agent=""
trap 'for p in $agent $sub $broker; do kill -9 $p 2>/dev/null || true; done; rm -rf "$work"' EXIT

start_broker
mosquitto_sub -h 127.0.0.1 -p "$port" -i outage-sub -c -q 1 -t edgelstm/outage/alerts >"$work/received.jsonl" 2>"$work/sub.log" &
sub=$!
sleep 1
args=(--Agent:DeviceId=outage --Mqtt:Host=127.0.0.1 --Mqtt:Port="$port" --Outbox:Directory="$work/outbox"
      --Logging:LogLevel:EdgeLstm.EdgeAgent.Detection=Information)

EDGELSTM_CONFIG="$PWD/scripts/no-system-config.json" dotnet "$dll" "${args[@]}" --Detection:Source=replay --Detection:CaptureFile="$PWD/$capture" \
  --Detection:ReplaySpeed=0 --Detection:ModelPath="$PWD/$model" >"$work/first.log" 2>&1 &
agent=$!
until grep -aq '\[2001\]' "$work/first.log"; do sleep 0.05; done
sleep 1
kill "$broker"; wait "$broker" 2>/dev/null || true
echo "== broker stopped with $(grep -ac '\[2008\]' "$work/first.log") alerts stored"
until grep -aq 'Replay of .* finished in' "$work/first.log"; do sleep 0.1; done
stored=$(grep -a -o 'Alert [0-9a-f-]\{36\} stored' "$work/first.log" | awk '{print $2}' | sort -u)
kill -9 "$agent"; wait "$agent" 2>/dev/null || true
agent=""
echo "== replay finished, agent killed with SIGKILL; $(wc -l <<<"$stored") alerts stored in all"

start_broker
EDGELSTM_CONFIG="$PWD/scripts/no-system-config.json" dotnet "$dll" "${args[@]}" >"$work/second.log" 2>&1 &
agent=$!
total=$(wc -l <<<"$stored")
for _ in $(seq 600); do
  got=$(grep -o '"id":"[0-9a-f-]*"' "$work/received.jsonl" | sort -u | wc -l)
  (( got >= total )) && break
  sleep 0.1
done
received=$(grep -o '"id":"[0-9a-f-]*"' "$work/received.jsonl" | cut -d'"' -f4 | sort -u)
messages=$(grep -c '"id":' "$work/received.jsonl" || true)
lost=$(comm -23 <(echo "$stored") <(echo "$received") | grep -c . || true)
echo "stored: $total  received (distinct ids): $(grep -c . <<<"$received")  messages: $messages  lost: $lost"
