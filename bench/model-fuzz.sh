#!/usr/bin/env bash
# Model-file fuzzing for issue 14: structure-aware mutants of real trained models through the reader, the verifier,
# the agent's start and its hot reload, and a sample through `edgelstm-train inspect`.
#
#   bench/model-fuzz.sh [MUTANTS] [INSPECTED]   (default 2500 mutants per model, 100 of them per model inspected)
#
# 1. runs tests/EdgeLstm.EdgeAgent.Tests' ModelReloaderFuzzTests with EDGELSTM_FUZZ_MUTANTS=MUTANTS: it trains a tiny
#    next-step LSTM on samples/traffic-lab/lab.pcap with the real trainer (float, and quantized to int8, the int8 one
#    signed), mutates each MUTANTS times from fixed seeds and prints, per model: tried, refused, accepted, crashes
#    (any exception but the documented one, anywhere), accepted-then-failed-on-scoring, silently ignored;
# 2. runs `edgelstm-train inspect` on the first INSPECTED mutants of each model and counts exit codes: 0 (described),
#    2 (clean error), anything else or an "unexpected" line (a crash).
set -euo pipefail
cd "$(dirname "$0")/.."

mutants=${1:-2500}
inspected=${2:-100}
if ! [[ "$mutants" =~ ^[0-9]+$ && "$inspected" =~ ^[0-9]+$ ]] || (( mutants < 2 || inspected > 200 )); then
  echo "model-fuzz.sh: MUTANTS must be at least 2 and INSPECTED at most 200" >&2
  exit 64
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=out/bench/model-fuzz
rm -rf "$out"
mkdir -p "$out/mutants"
report="$PWD/$out/counts.txt"
dotnet build src/Trainer -c Release -nologo -v quiet >/dev/null
dotnet build tests/EdgeLstm.EdgeAgent.Tests -c Release -nologo -v quiet >/dev/null

status=0
EDGELSTM_FUZZ_MUTANTS=$mutants EDGELSTM_FUZZ_REPORT=$report EDGELSTM_FUZZ_DUMP=$PWD/$out/mutants \
  dotnet test tests/EdgeLstm.EdgeAgent.Tests -c Release --no-build -nologo -v quiet \
  --filter "FullyQualifiedName~ModelReloaderFuzzTests" >"$out/test.log" 2>&1 || status=$?
cat "$report"
(( status == 0 )) || { echo "the fuzz test failed (exit $status): see $out/test.log" >&2; }

trainer=src/Trainer/bin/Release/net10.0/EdgeLstm.Trainer.dll
described=0; refused=0; crashed=0
for model in float int8; do
  for file in $(ls "$out/mutants/$model"-*.safetensors | head -n "$inspected"); do
    code=0
    dotnet "$trainer" inspect "$file" >"$out/inspect.out" 2>"$out/inspect.err" || code=$?
    if (( code == 0 )); then
      described=$((described + 1))
    elif (( code == 2 )) && ! grep -q "unexpected" "$out/inspect.err"; then
      refused=$((refused + 1))
    else
      crashed=$((crashed + 1))
      echo "inspect crash (exit $code) on $file: $(head -c 300 "$out/inspect.err")"
    fi
  done
done
echo "inspect: tried $((described + refused + crashed)), described $described, clean error (exit 2) $refused, crashes $crashed"
echo "measured on $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src tests || echo ' + uncommitted changes')"
exit "$status"
