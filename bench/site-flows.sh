#!/usr/bin/env bash
# False alerts after site calibration on flows of five other networks (issue 12), a day of each.
#
#   bench/site-flows.sh [--datasets DIR] [--trainer DLL]     (results: bench/false-alerts.results.md)
#
# A flow model (`train --format flow --unsupervised --quantize`, the defaults) is trained on the benign IoT-23
# honeypot captures (4-1, 5-1, 7-1: a Philips Hue, an Amazon Echo, a Somfy lock). Each of five IoT-23 malware captures
# (20-1, 21-1, 34-1, 8-1, 42-1: other networks, about 24 h each) is a site: its flows are split at the middle of
# their time span, `calibrate` (its defaults: 1 false alert per 24 host-hours under the agent's default policy) fits
# the threshold on the first half's benign flows, and `eval --scores` scores the held-out second half, with the model's
# threshold and with the site's. bench/site_flows.py replays the agent's default policy over those scores (2 of 3
# records or one at 8x, 60 s cooldown; flow sources have no warm-up) and counts an alert as false when none of the
# host's last 3 records is labelled malicious. Host-hours: each host's first to last benign record, plus 1 s.
set -euo pipefail
cd "$(dirname "$0")/.."

datasets=""
trainer=""
while (($#)); do
  case "$1" in
    --datasets) datasets=$2; shift 2 ;;
    --trainer) trainer=$2; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "site-flows.sh: unknown option '$1' (see --help)" >&2; exit 64 ;;
  esac
done
if [[ -z "$datasets" ]]; then
  for d in ../shared/datasets /work/shared/datasets; do [[ -d "$d/iot-23" ]] && datasets=$d && break; done
fi
[[ -n "$datasets" && -d "$datasets/iot-23" ]] || { echo "site-flows.sh: the shared datasets are not there (--datasets DIR)" >&2; exit 66; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
agent=""
source bench/builds.sh
use_builds
train() { dotnet "$trainer" "$@"; }
work=$(mktemp -d /tmp/edgelstm-site-flows.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "== site-flows.sh run of $(date -u '+%Y-%m-%d %H:%M UTC'): $measured"
honeypots=()
for c in 4-1 5-1 7-1; do honeypots+=("$datasets/iot-23/CTU-Honeypot-Capture-$c-labeled.csv"); done
train train --data "${honeypots[@]}" --format flow --unsupervised --benign benign --quantize -o "$work/model.safetensors" \
  >"$work/train.log" 2>&1 || { tail -5 "$work/train.log" >&2; exit 1; }
grep -E '^(Read|Training)' "$work/train.log" || true
python3 bench/site_flows.py split "$datasets" "$work"
rates=()
for site in CTU-Malware-Capture-20-1 CTU-Malware-Capture-21-1 CTU-Malware-Capture-34-1 CTU-Malware-Capture-8-1 CTU-Malware-Capture-42-1; do
  echo "-- $site: calibrate on the first half"
  train calibrate --model "$work/model.safetensors" --data "$work/$site-cal.csv" --format flow --benign Benign \
    -o "$work/$site.safetensors" 2>&1 | tee "$work/$site-calibrate.log" | grep -v '^Model:' | sed 's/^/   /'
  rates+=("$site=$(grep -o -m1 'threshold after *[^ ]*: [0-9.]* %' "$work/$site-calibrate.log" | grep -o '[0-9.]* %$' | tr -d ' %')")
  for kind in model site; do
    model=$work/model.safetensors
    [[ $kind == site ]] && model=$work/$site.safetensors
    train eval --model "$model" --data "$work/$site-test.csv" --format flow --benign Benign \
      --scores "$work/$site-$kind-scores.csv" --report "$work/$site-$kind" >/dev/null
  done
done
echo
python3 bench/site_flows.py analyze "$work" "${rates[@]}"
