#!/usr/bin/env bash
# Packets per second of the feature path (read + decode + per-host windows) on one core, next to
# tcpdump reading the same capture (the libpcap floor). Builds one large capture from the shared
# datasets by merging them with their timestamps shifted end to end (mergecap/editcap, wireshark-common).
# Usage: bench/features-throughput.sh [copies]   (default 20 copies of the merged shared captures)
set -euo pipefail
cd "$(dirname "$0")/.."
datasets=${EDGELSTM_DATASETS:-../shared/datasets}
copies=${1:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for tool in mergecap editcap tcpdump capinfos; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install wireshark-common tcpdump)" >&2; exit 1; }
done

# One pass over the shared captures, in time order; then copies shifted one day apart.
mergecap -F pcap -w "$work/base.pcap" "$datasets"/stopddos-pcaps/*.pcap* "$datasets"/esnet-scan-pcaps/*.pcap "$datasets"/iot-sentinel-benign-pcaps/*/*.pcap
parts=()
for i in $(seq 0 $((copies - 1))); do
  editcap -t $((i * 86400)) "$work/base.pcap" "$work/part$i.pcap"
  parts+=("$work/part$i.pcap")
done
mergecap -a -F pcap -w "$work/merged.pcap" "${parts[@]}"
rm -f "${parts[@]}"
packets=$(capinfos -c -M "$work/merged.pcap" | awk '/Number of packets/ {print $NF}')
echo "capture: $packets packets, $(du -h "$work/merged.pcap" | cut -f1)"

cat "$work/merged.pcap" >/dev/null # warm the page cache for both readers
start=$(date +%s.%N)
taskset -c 0 tcpdump -r "$work/merged.pcap" -w /dev/null 2>/dev/null
end=$(date +%s.%N)
awk -v p="$packets" -v s="$start" -v e="$end" 'BEGIN { printf "tcpdump -r FILE -w /dev/null: %.0f packets/s\n", p / (e - s) }'

EDGELSTM_BENCH_CAPTURE="$work/merged.pcap" taskset -c 0 dotnet run -c Release --project bench/EdgeLstm.Benchmarks -- \
  --filter '*FeaturePipelineBenchmarks*' --job short --artifacts "$work/bdn" | tee "$work/bdn.log" | grep -E '^\|' || true
# Convert BenchmarkDotNet's mean (ms or s) into packets per second.
grep -E '^\| (Read|ReadDecode|ReadDecodeFeatures) ' "$work/bdn.log" | while IFS='|' read -r _ method mean _; do
  value=$(echo "$mean" | awk '{print $1}' | tr -d ,); unit=$(echo "$mean" | awk '{print $2}')
  awk -v p="$packets" -v v="$value" -v u="$unit" -v m="$method" 'BEGIN {
    s = (u == "s") ? v : (u == "ms") ? v / 1000 : v / 1000000; printf "%s: %.0f packets/s\n", m, p / s }'
done
