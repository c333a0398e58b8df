#!/usr/bin/env bash
# Throughput and memory of the whole agent under a spoofed flood, against `edgelstm-train features` alone on the same
# file, both on one core (issue 11, deliverable 6); bench/README.md explains the figures.
#
#   bench/flood-replay.sh [options]
#     --sources N       distinct spoofed sources (default 600000; each sends --per-source SYNs)
#     --per-source K    SYNs per source (default 2: 1.2 M flood packets, 1.256 M with the LAN's)
#     --seed S          the generator's seed (default 1)
#     --trainer DLL     an EdgeLstm.Trainer.dll to measure (default: build this checkout in Release and use it)
#     --agent DLL       an EdgeLstm.EdgeAgent.dll to measure (default: as --trainer)
#     -o, --output FILE also write the Markdown results there (default: out/bench/flood-replay.md)
#
# 1. bench/flood_pcap.py writes /tmp/edgelstm-flood-<sources>x<per-source>-seed<S>.pcap (kept and reused) and the
#    same capture without the flood (the reference of the eviction check);
# 2. a model with the trainer's defaults (lstm, n = 32, T = 4, int8) on the committed lab capture;
# 3. `features` on the flood capture, pinned to CPU 0 (taskset -c 0) under /usr/bin/time -v;
# 4. the agent replaying the same file at maximum speed (Detection:ReplaySpeed 0, StopAfterReplay) on CPU 0 under
#    /usr/bin/time -v, with a local mosquitto; metrics every second are collected with mosquitto_sub;
# 5. eviction check: the windows of the 41 LAN hosts (long history) must be the same with and without the flood;
#    a host evicted by one-packet sources loses its damped statistics, so its windows differ.
set -euo pipefail
cd "$(dirname "$0")/.."

sources=600000
per_source=2
seed=1
trainer=""
agent=""
output=out/bench/flood-replay.md
while (($#)); do
  case "$1" in
    --sources) sources=$2; shift 2 ;;
    --per-source) per_source=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --trainer) trainer=$2; shift 2 ;;
    --agent) agent=$2; shift 2 ;;
    -o | --output) output=$2; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "flood-replay.sh: unknown option '$1' (see --help)" >&2; exit 64 ;;
  esac
done
for tool in mosquitto mosquitto_sub mosquitto_pub taskset /usr/bin/time /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "flood-replay.sh: $tool is missing (apt-get install mosquitto mosquitto-clients time)" >&2; exit 69; }
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
source bench/builds.sh
use_builds
[[ -n "$agent" ]] || { echo "flood-replay.sh: --agent goes with --trainer" >&2; exit 64; }
for dll in "$trainer" "$agent"; do [[ -f "$dll" ]] || { echo "flood-replay.sh: $dll does not exist" >&2; exit 66; }; done
train() { dotnet "$trainer" "$@"; }

work=$(mktemp -d /tmp/edgelstm-flood.XXXXXX)
broker=""
trap '[[ -n "$broker" ]] && kill "$broker" 2>/dev/null; rm -rf "$work"' EXIT

capture=/tmp/edgelstm-flood-${sources}x$per_source-seed$seed.pcap
reference=/tmp/edgelstm-flood-reference.pcap
if [[ ! -f "$capture" ]]; then
  /usr/bin/python3 bench/flood_pcap.py -o "$capture.tmp" --seed "$seed" --sources "$sources" --per-source "$per_source"
  mv "$capture.tmp" "$capture"
fi
[[ -f "$reference" ]] || /usr/bin/python3 bench/flood_pcap.py -o "$reference" --no-flood >/dev/null

echo "== a model with the trainer's defaults (T = 4, int8) on samples/traffic-lab/lab.pcap"
train features --capture samples/traffic-lab/lab.pcap --attack-times samples/traffic-lab/labels.csv -o "$work/lab.csv" >/dev/null
train train --data "$work/lab.csv" --format features --unsupervised --quantize -o "$work/model.safetensors" >"$work/train.log" 2>&1 ||
  { tail -5 "$work/train.log" >&2; exit 1; }

cat "$capture" >/dev/null # the page cache holds the file for both runs
echo "== features alone on CPU 0"
/usr/bin/time -v -o "$work/features.time" taskset -c 0 dotnet "$trainer" features --capture "$capture" -o "$work/flood.csv" \
  | tee "$work/features.log"

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mosquitto -p "$port" >"$work/mosquitto.log" 2>&1 &
broker=$!
for _ in $(seq 50); do
  mosquitto_pub -h 127.0.0.1 -p "$port" -t edgelstm/ready -m ready 2>/dev/null && break
  sleep 0.1
done
mosquitto_sub -h 127.0.0.1 -p "$port" -t 'edgelstm/+/metrics' >"$work/metrics.log" 2>&1 &
subscriber=$!
sleep 0.3
echo "== the agent replays it on CPU 0"
EDGELSTM_CONFIG="$PWD/scripts/no-system-config.json" /usr/bin/time -v -o "$work/agent.time" taskset -c 0 dotnet "$agent" \
  --Agent:DeviceId=flood --Mqtt:Host=127.0.0.1 --Mqtt:Port="$port" --Outbox:Directory="$work/outbox" \
  --Detection:Source=replay --Detection:CaptureFile="$capture" --Detection:ReplaySpeed=0 \
  --Detection:ModelPath="$work/model.safetensors" --Detection:StopAfterReplay=true --Metrics:IntervalSeconds=1 \
  --Logging:LogLevel:EdgeLstm.EdgeAgent.Detection=Information --Logging:LogLevel:EdgeLstm.EdgeAgent.Mqtt=Warning \
  >"$work/agent.log" 2>&1 || { tail -20 "$work/agent.log" >&2; echo "flood-replay.sh: the agent failed" >&2; exit 1; }
sleep 0.5
kill "$subscriber" 2>/dev/null || true
finished=$(grep -a -o 'Replay of .* finished in .*' "$work/agent.log" | tail -1)
[[ -n "$finished" ]] || { echo "flood-replay.sh: the agent did not finish the replay; see $work/agent.log" >&2; exit 1; }
agent_seconds=$(sed -E 's/.*finished in ([0-9.]+) s.*/\1/' <<<"$finished")

echo "== eviction check: the LAN hosts' windows without the flood"
train features --capture "$reference" -o "$work/reference.csv" >/dev/null

{
  echo "## flood-replay.sh run of $(date -u '+%Y-%m-%d %H:%M UTC'): $measured"
  echo
  echo "Load average at start: $load_before; at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  /usr/bin/python3 - "$capture" "$work" "$agent_seconds" "$finished" <<'EOF'
import csv, json, re, sys
capture, work, agent_seconds, finished = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]

def gnu_time(path):
    fields = {}
    for line in open(path):
        key, _, value = line.strip().rpartition(": ")
        fields[key] = value
    wall = fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")
    seconds = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
    cpu = float(fields["User time (seconds)"]) + float(fields["System time (seconds)"])
    return seconds, cpu, int(fields["Maximum resident set size (kbytes)"]) / 1024

log = open(f"{work}/features.log").read()
packets = int(re.search(r": ([\d,]+) packets", log).group(1).replace(",", ""))
f_wall, f_cpu, f_rss = gnu_time(f"{work}/features.time")
a_wall, a_cpu, a_rss = gnu_time(f"{work}/agent.time")
print(f"Capture: `{capture}`, {packets:,} packets. Both processes pinned to CPU 0; the agent's replay time is its own")
print("log's (event 3003), its process CPU time includes start-up, model load and the outbox drain.")
print()
print("| | wall s | packets/s (wall) | CPU s | packets/s (CPU) | peak RSS |")
print("|---|---:|---:|---:|---:|---:|")
print(f"| `features` alone | {f_wall:.2f} | {packets / f_wall:,.0f} | {f_cpu:.2f} | {packets / f_cpu:,.0f} | {f_rss:.0f} MB |")
print(f"| whole agent (replay) | {agent_seconds:.2f} | {packets / agent_seconds:,.0f} | {a_cpu:.2f} | {packets / a_cpu:,.0f} | {a_rss:.0f} MB |")
print(f"| **agent ÷ features** | | **{f_wall / agent_seconds:.0%}** | | **{f_cpu / a_cpu:.0%}** | |")
print()
print("`features`: " + "; ".join(line.strip() for line in log.splitlines() if not line.startswith("Wrote ")))
print()
print(f"Agent: {finished.split(' finished in ')[1] if ' finished in ' in finished else finished}")
metrics = [json.loads(line) for line in open(f"{work}/metrics.log") if line.startswith("{")]
if metrics:
    last = metrics[-1]
    peak = max(m.get("hostsTracked", 0) for m in metrics)
    print(f"Last metrics message of {len(metrics)}: `{json.dumps(last, separators=(',', ':'))}`; "
          f"peak hostsTracked {peak:,}.")
print()

def rows(path, keep):
    out = {}
    with open(path, newline="") as f:
        for r in csv.reader(f):
            if keep(r[0]):
                out.setdefault(r[0], []).append(r[1:])
    return out
lan = lambda e: e.startswith("192.168.1.") and e != "192.168.1.5"
with_flood = rows(f"{work}/flood.csv", lan)
without = rows(f"{work}/reference.csv", lan)
same = [h for h in without if with_flood.get(h) == without[h]]
differ = sorted(set(without) - set(same))
print(f"Hosts with history (the {len(without)} LAN hosts but the victim): {len(same)} have the same windows with and "
      f"without the flood, {len(differ)} differ (evicted, or aggregated){': ' + ', '.join(differ[:5]) if differ else ''}.")
EOF
  echo
} | tee "$work/results.md"
mkdir -p "$(dirname "$output")"
cp "$work/results.md" "$output"
echo "(written to $output)"
