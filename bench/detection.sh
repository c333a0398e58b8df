#!/usr/bin/env bash
# The detection benchmark (issues 11 and 12): recall, alert latency and false alerts on a gateway-like stream built
# only from ../shared/datasets; bench/README.md explains every figure.
#
#   bench/detection.sh [options]
#     --datasets DIR       the shared datasets (default: ../shared/datasets, then /work/shared/datasets)
#     --trainer DLL        an EdgeLstm.Trainer.dll to measure (default: build this checkout in Release and use it)
#     --agent DLL          an EdgeLstm.EdgeAgent.dll to measure (default: as --trainer)
#     --alerts-only        only the agent's alerts (latency, false alerts per host-hour): for builds without
#                          `eval --scores` and `features --packet-entities`, such as the 'before' figures
#     --mark-train-tail    label the last 2 s of the benign training prefix as attack, for builds whose benign-only
#                          `train --unsupervised` crashes on undefined metrics (issue 12); unsupervised training
#                          leaves those windows out, so the model is the same but for them
#     --steps T            train with --steps T instead of the trainer's default (to compare sequence lengths)
#     -o, --output FILE    also write the Markdown results there (default: out/bench/detection.md)
#     --keep               keep the temporary work folder (it is printed)
#
# Steps: (1) bench/detection.py build: shifts every IoT Sentinel capture onto a 40-minute benign timeline (editcap -t),
# adds 9 attack episodes from esnet-scan-pcaps and stopddos-pcaps, 4 of them overlaid on the live background and 5
# appended after it, merges everything (mergecap) and labels every packet by the segment file it came from;
# (2) features of the first 20 minutes (benign only) and of the rest; (3) train --format features --unsupervised with
# the defaults, float, and the same model quantized to int8 (the quantize step of train --quantize);
# (3b) where the build has `calibrate`, the int8 model's threshold re-fitted on the training prefix (site calibration);
# (4) eval --scores of the test features with each model; (5) the agent replays the test part with each model
# against a local mosquitto, mosquitto_sub collects the alerts; (6) bench/detection.py analyze prints the figures;
# (7) where the agent has it, its own site learning on the prefix (the whole stream replayed at 50x), alerts only.
set -euo pipefail
cd "$(dirname "$0")/.."

datasets=""
trainer=""
agent=""
alerts_only=0
mark_tail=0
output=out/bench/detection.md
keep=0
steps=()
while (($#)); do
  case "$1" in
    --datasets) datasets=$2; shift 2 ;;
    --trainer) trainer=$2; shift 2 ;;
    --agent) agent=$2; shift 2 ;;
    --alerts-only) alerts_only=1; shift ;;
    --mark-train-tail) mark_tail=1; shift ;;
    -o | --output) output=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --steps) steps=(--steps "$2"); shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "detection.sh: unknown option '$1' (see --help)" >&2; exit 64 ;;
  esac
done

if [[ -z "$datasets" ]]; then
  for d in ../shared/datasets /work/shared/datasets; do [[ -d "$d/iot-sentinel-benign-pcaps" ]] && datasets=$d && break; done
fi
[[ -n "$datasets" && -d "$datasets/iot-sentinel-benign-pcaps" && -d "$datasets/esnet-scan-pcaps" && -d "$datasets/stopddos-pcaps" ]] ||
  { echo "detection.sh: the shared datasets are not there (../shared/datasets; --datasets DIR)" >&2; exit 66; }
for tool in editcap mergecap tshark mosquitto mosquitto_sub mosquitto_pub /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "detection.sh: $tool is missing (apt-get install wireshark-common tshark mosquitto mosquitto-clients python3-numpy)" >&2; exit 69; }
done
if ((!alerts_only)) && ! /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
  echo "detection.sh: /usr/bin/python3 has no numpy (apt-get install python3-numpy)" >&2
  exit 69
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
started=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
source bench/builds.sh
use_builds
[[ -n "$agent" ]] || agent=$(dirname "$trainer")/../../../../EdgeAgent/bin/Release/net10.0/EdgeLstm.EdgeAgent.dll
for dll in "$trainer" "$agent"; do [[ -f "$dll" ]] || { echo "detection.sh: $dll does not exist" >&2; exit 66; }; done
train() { dotnet "$trainer" "$@"; }

if ((!alerts_only)); then
  missing=()
  train eval --help | grep -q -- '--scores' || missing+=("edgelstm-train eval --scores (per-window scores, issue 11 deliverable 4)")
  train features --help | grep -q -- '--packet-entities' || missing+=("edgelstm-train features --packet-entities (per-packet entities)")
  if ((${#missing[@]})); then
    printf 'detection.sh: this build lacks %s.\n' "${missing[@]}" >&2
    echo "detection.sh: the packet ROC AUC needs both; --alerts-only measures only the agent's alerts." >&2
    exit 65
  fi
fi

work=$(mktemp -d /tmp/edgelstm-detection.XXXXXX)
broker=""
cleanup() {
  [[ -n "$broker" ]] && kill "$broker" 2>/dev/null || true
  if ((keep)); then echo "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

((alerts_only)) || /usr/bin/python3 bench/detection.py selftest
echo "== 1. building the stream in $work from $datasets"
/usr/bin/python3 bench/detection.py build --datasets "$datasets" --work "$work" | tee "$work/build.txt"

echo "== 2. features of the benign training prefix and of the test part"
train_labels=$work/train-labels.csv
if ((mark_tail)); then
  /usr/bin/python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["split_ns"] / 1e9; print(f"start,end\n{s - 2:.6f},{s:.6f}")' \
    "$work/manifest.json" >"$train_labels"
else
  printf 'start,end\n' >"$train_labels"
fi
train features --capture "$work/train.pcap" --attack-times "$train_labels" -o "$work/train-features.csv"
entities=()
((alerts_only)) || entities=(--packet-entities "$work/test-entities.csv")
train features --capture "$work/test.pcap" --attack-times "$work/attack-times.csv" -o "$work/test-features.csv" "${entities[@]}"

echo "== 3. training on benign traffic only, with the defaults (float), then the same model quantized to int8"
if ! train train --data "$work/train-features.csv" --format features --unsupervised "${steps[@]}" -o "$work/float.safetensors" \
  >"$work/train.log" 2>&1; then
  tail -5 "$work/train.log" >&2
  echo "detection.sh: training failed (a build whose benign-only training crashes needs --mark-train-tail)" >&2
  exit 1
fi
grep -v '^  epoch' "$work/train.log"
cp "$work/float.safetensors" "$work/int8.safetensors"
train quantize --model "$work/int8.safetensors" --data "$work/train-features.csv" --format features | tee "$work/quantize.log" | tail -4

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mosquitto -p "$port" >"$work/mosquitto.log" 2>&1 &
broker=$!
for _ in $(seq 50); do
  mosquitto_pub -h 127.0.0.1 -p "$port" -t edgelstm/ready -m ready 2>/dev/null && break
  sleep 0.1
done

results=$work/results.md
{
  echo "## detection.sh run of $(date -u '+%Y-%m-%d %H:%M UTC'): $measured"
  echo
  echo "Load average at start: $load_before."
  echo
  echo '```'
  cat "$work/build.txt"
  grep -E '^(Read|Training|On validation|  (accuracy|ROC))' "$work/train.log"
  grep -E 'agree' "$work/quantize.log"
  echo '```'
  echo
} >"$results"

# Replays capture $2 with model $3 at speed $4 (0: as fast as possible) through the agent, with further settings, into
# $work/$1-agent.log, and records its alerts into $work/$1-alerts.log.
replay_agent() {
  local kind=$1 capture=$2 model=$3 speed=$4 subscriber
  shift 4
  mosquitto_sub -h 127.0.0.1 -p "$port" -t 'edgelstm/+/alerts' -v -q 1 >"$work/$kind-alerts.log" 2>&1 &
  subscriber=$!
  sleep 0.3
  EDGELSTM_CONFIG="$PWD/scripts/no-system-config.json" dotnet "$agent" \
    --Agent:DeviceId=detection --Mqtt:Host=127.0.0.1 --Mqtt:Port="$port" --Outbox:Directory="$work/outbox-$kind" \
    --Detection:Source=replay --Detection:CaptureFile="$capture" --Detection:ReplaySpeed="$speed" \
    --Detection:ModelPath="$model" --Detection:StopAfterReplay=true "$@" \
    --Logging:LogLevel:EdgeLstm.EdgeAgent.Detection=Information --Logging:LogLevel:EdgeLstm.EdgeAgent.Mqtt=Warning \
    >"$work/$kind-agent.log" 2>&1 || { tail -20 "$work/$kind-agent.log" >&2; echo "detection.sh: the agent failed" >&2; exit 1; }
  sleep 0.5
  kill "$subscriber" 2>/dev/null || true
  wait "$subscriber" 2>/dev/null || true
}

kinds=(float int8)
# Site calibration (issue 12), where the build has it: the int8 model's threshold re-fitted on the site's own benign
# traffic before the test, the training prefix, at calibrate's default target rate.
if train calibrate --help 2>/dev/null | grep -q -- '--target-fpr'; then
  echo "== 3b. site calibration of the int8 model on the training prefix"
  train calibrate --model "$work/int8.safetensors" --data "$work/train-features.csv" --format features \
    -o "$work/int8-site.safetensors" 2>&1 | tee "$work/calibrate.log"
  { echo '```'; grep -v '^Model:' "$work/calibrate.log"; echo '```'; echo; } >>"$results"
  kinds+=(int8-site)
fi

for kind in "${kinds[@]}"; do
  model=$work/$kind.safetensors
  label=$kind
  if [[ $kind == int8-site ]]; then
    label="int8, threshold site-calibrated on the training prefix"
    fitted=$(grep -o -m1 'threshold after.*' "$work/calibrate.log" | tr -s ' ' || true)
    [[ -n "$fitted" ]] && label+=" ($fitted)"
  fi
  args=(--work "$work" --label "$label" --append "$results")
  # The window rate each threshold was fitted at: the trainer's 1% of its validation windows, or the share of the
  # training prefix's windows at or above the site-calibrated one (calibrate's "threshold after" line).
  if [[ $kind == int8-site ]]; then
    rate=$(grep -o -m1 'threshold after *[^ ]*: [0-9.]* %' "$work/calibrate.log" | grep -o '[0-9.]* %$' | tr -d ' %' || true)
    [[ -n "$rate" ]] && args+=(--target-rate "$(awk -v r="$rate" 'BEGIN { print r / 100 }')" --target-note "of the training prefix's windows, where calibrate fitted it")
  else
    args+=(--target-rate 0.01 --target-note "train's target on its validation windows")
  fi
  if ((!alerts_only)); then
    echo "== 4. eval --scores ($kind)"
    train eval --model "$model" --data "$work/test-features.csv" --format features --scores "$work/$kind-scores.csv" \
      --report "$work/$kind.eval" | tail -3
    args+=(--scores "$work/$kind-scores.csv" --packet-entities "$work/test-entities.csv")
  fi

  echo "== 5. the agent replays the test part with the $kind model"
  replay_agent "$kind" "$work/test.pcap" "$model" 0
  finished=$(grep -a -o 'Replay of .* finished in .*' "$work/$kind-agent.log" | tail -1)
  [[ -n "$finished" ]] || { echo "detection.sh: the agent did not finish the replay; see $work/$kind-agent.log" >&2; exit 1; }
  echo "$finished"
  args+=(--alerts "$work/$kind-alerts.log" --note "Agent: replay of ${finished#Replay of "$work/"}")

  echo "== 6. figures ($kind)"
  /usr/bin/python3 bench/detection.py analyze "${args[@]}" >/dev/null
done

# The agent's own site learning (issue 12), where the build has it: the agent replays the whole stream at 50x with
# Detection:LearningHours as long as the training prefix lasts at that speed, so it learns the threshold on the prefix
# by its own path (reservoir, policy values, host time) and alerts on the test part with it. Wall-clock timed: where
# learning ends moves by a few seconds of capture time between runs.
if dotnet "$agent" --help 2>/dev/null | grep -q LearningAlertsPerHostDay; then
  echo "== 7. the agent learns the site threshold on the prefix, then replays the test part (int8)"
  speed=50
  hours=$(/usr/bin/python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); print((m["split_ns"] - m["origin_ns"]) / 1e9 / float(sys.argv[2]) / 3600)' "$work/manifest.json" "$speed")
  replay_agent int8-learn "$work/stream.pcap" "$work/int8.safetensors" "$speed" \
    --Detection:LearningHours="$hours" --Detection:LearningDirectory="$work/learning"
  learnt=$(grep -a -o 'Site threshold learnt: [^;]*' "$work/int8-learn-agent.log" | tail -1)
  fitted=$(grep -a -o 'Site threshold fitted over [^)]*)' "$work/int8-learn-agent.log" | tail -1)
  [[ -n "$learnt" ]] || { echo "detection.sh: the agent learnt no threshold; see $work/int8-learn-agent.log" >&2; exit 1; }
  echo "$learnt"
  /usr/bin/python3 bench/detection.py analyze --work "$work" --label "int8, the agent's site learning on the prefix (${learnt})" \
    --note "Replay of the whole stream at ${speed}x, learning for ${hours} h of wall clock. ${fitted}." \
    --alerts "$work/int8-learn-alerts.log" --append "$results" >/dev/null
fi

{
  echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(($(date +%s) - started)) s in all."
  echo
} >>"$results"
mkdir -p "$(dirname "$output")"
cp "$results" "$output"
echo
cat "$results"
echo "(written to $output)"
