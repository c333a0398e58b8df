#!/usr/bin/env bash
# Step latency table of the integer engine against the float cells: the int8 multiply-accumulate peak, one step at
# batch 1 for m ∈ {16, 32, 64} × n ∈ {32, 64, 128, 256} × every cell kind × float32 / int8 / floatsd8 / sparse 10%,
# and 1,000 entities through the batched runner. BenchmarkDotNet in-process with a short job, pinned to one core;
# the JSON reports become Markdown tables in bench/step-table.results.md. About 4 minutes of CPU time (10 min wall
# clock measured on a 2-core machine with load average 15).
# Usage: bench/step-table.sh [BenchmarkDotNet filter globs, default: the four benchmark classes below]
# Environment: EDGELSTM_BENCH_CORE (default 1), EDGELSTM_STEP_TABLE (output file), EDGELSTM_BDN_WARMUP,
# EDGELSTM_BDN_ITERATIONS, EDGELSTM_BDN_ITERATION_MS (job settings, defaults 1, 5, 25).
set -euo pipefail
cd "$(dirname "$0")/.."
core=${EDGELSTM_BENCH_CORE:-1}
out=${EDGELSTM_STEP_TABLE:-bench/step-table.results.md}
warmup=${EDGELSTM_BDN_WARMUP:-1}
iterations=${EDGELSTM_BDN_ITERATIONS:-5}
iteration_ms=${EDGELSTM_BDN_ITERATION_MS:-25}
filters=("$@")
[ ${#filters[@]} -gt 0 ] || filters=('*Int8PeakBenchmarks*' '*FloatStepBenchmarks*' '*IntegerStepBenchmarks*' '*BatchStepBenchmarks*')
artifacts=$(mktemp -d)
dotnet build bench/EdgeLstm.Benchmarks -c Release -nologo -v quiet >/dev/null
dll=bench/EdgeLstm.Benchmarks/bin/Release/net10.0/EdgeLstm.Benchmarks.dll

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s)
# In-process: one process instead of one child process per case; taskset pins it (and its threads) to one core.
# Tiered compilation off: BenchmarkDotNet raises the benchmark thread's priority, and on the same core the background
# tier-1 JIT then never runs, so every case would be timed in tier-0 code (40x slower). Full optimization from the start.
DOTNET_TieredCompilation=0 taskset -c "$core" dotnet "$dll" --filter "${filters[@]}" --inProcess --exporters json --artifacts "$artifacts" \
  --warmupCount "$warmup" --iterationCount "$iterations" --iterationTime "$iteration_ms" >"$artifacts/benchmarks.log"
elapsed=$(($(date +%s) - started))
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "# EdgeLstm step latency"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, pinned to core $core;" \
    "load average $load_before before and $load_after after (1, 5, 15 min). BenchmarkDotNet in-process," \
    "warmup $warmup, $iterations iterations of ${iteration_ms} ms; medians. Benchmarks took ${elapsed} s." \
    "DOTNET_ settings: $(env | grep '^DOTNET_' | tr '\n' ' ' || true)"
  echo
  dotnet "$dll" step-table "$artifacts/results"
} >"$out"
cat "$out"
echo "Written to $out; BenchmarkDotNet log and reports in $artifacts" >&2
