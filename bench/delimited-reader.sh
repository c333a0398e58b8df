#!/usr/bin/env bash
# Time and allocation of the delimited reader on a generated 200,000 × 43 numeric CSV (53 MB, written to the temp folder
# at setup and removed after): the reader of main @ dcfa462 (Legacy, kept only in bench/), the current reader's span API
# (Spans) and string API (Strings), raw Sep 0.18 (the floor) and the UTF-8 decoding alone (Decode). BenchmarkDotNet
# in-process with [MemoryDiagnoser], pinned to one core, repeated: every repeat runs all five in one process, so compare
# within a repeat. Allocation figures are exact; times on a shared machine are not (the load average is printed). Then
# the same methods in interleaved rounds, timed by process CPU time (reader-cpu mode), the steadier comparison here.
# Usage: bench/delimited-reader.sh [repeats, default 3]
# Environment: EDGELSTM_BENCH_CORE (default 1), EDGELSTM_BDN_WARMUP, EDGELSTM_BDN_ITERATIONS (defaults 2, 10),
# EDGELSTM_READER_CPU_ROUNDS (default 15), EDGELSTM_DELIMITED_RESULTS (output file, default bench/delimited-reader.results.md).
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-3}
core=${EDGELSTM_BENCH_CORE:-1}
warmup=${EDGELSTM_BDN_WARMUP:-2}
iterations=${EDGELSTM_BDN_ITERATIONS:-10}
out=${EDGELSTM_DELIMITED_RESULTS:-bench/delimited-reader.results.md}
artifacts=$(mktemp -d)
dotnet build bench/EdgeLstm.Benchmarks -c Release -nologo -v quiet >/dev/null
dll=bench/EdgeLstm.Benchmarks/bin/Release/net10.0/EdgeLstm.Benchmarks.dll

{
  echo "# Delimited reader: 200,000 × 43 numeric CSV"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, pinned to core $core;" \
    "BenchmarkDotNet in-process, warmup $warmup, $iterations iterations, $repeats repeats. Commit $(git rev-parse --short HEAD)."
  for r in $(seq 1 "$repeats"); do
    echo
    echo "## Repeat $r (load average $(cut -d' ' -f1-3 /proc/loadavg) before)"
    echo
    # Tiered compilation off: pinned to one core with BenchmarkDotNet's raised priority, the tier-1 JIT would never run.
    DOTNET_TieredCompilation=0 taskset -c "$core" dotnet "$dll" --filter '*DelimitedReaderBenchmarks*' --inProcess \
      --warmupCount "$warmup" --iterationCount "$iterations" --artifacts "$artifacts/$r" >"$artifacts/$r.log"
    sed -n '/^| Method/,/^$/p' "$artifacts/$r.log"
  done
  echo
  echo "## CPU time, interleaved rounds (load average $(cut -d' ' -f1-3 /proc/loadavg) before)"
  echo
  # Process CPU time, which the other engineers' load barely moves, with the methods taking turns (reader-cpu mode).
  taskset -c "$core" dotnet "$dll" reader-cpu "${EDGELSTM_READER_CPU_ROUNDS:-15}" | grep -v '^//'
} >"$out"
cat "$out"
echo "Written to $out; BenchmarkDotNet logs in $artifacts" >&2
