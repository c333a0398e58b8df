#!/usr/bin/env bash
# Runs every EdgeLstm test and the dotnet format check, installing what the tests need first. Ends with
# "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")"

bash scripts/install-deps.sh test || exit 1

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Debian's interpreter has python3-torch; a pyenv or venv python3 earlier on PATH would not.
export EDGELSTM_PYTHON=${EDGELSTM_PYTHON:-/usr/bin/python3}

dotnet build EdgeLstm.sln -c Release -warnaserror -nologo -v quiet || { echo "0 passed, 1 failed (build)"; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Formatting is checked after the build, offline (the build restored everything). A failure counts as one failed
# test and the run goes on; the message says how to fix it.
echo "== dotnet format --verify-no-changes"
if ! dotnet format EdgeLstm.sln --verify-no-changes --no-restore -v quiet >"$log.format" 2>&1; then
  head -20 "$log.format"
  echo "Test Run Aborted: dotnet format --verify-no-changes found unformatted code; run 'dotnet format EdgeLstm.sln' and commit the result" | tee -a "$log"
fi
rm -f "$log.format"

run_tests() {
  # $1: label, rest: extra arguments for dotnet test
  local label=$1; shift
  echo "== $label"
  dotnet test EdgeLstm.sln -c Release --no-build -nologo "$@" 2>&1 | tee -a "$log" | grep -vE '^\s*$'
}

# The emulated Arm agent test needs the agent published for linux-arm64; it runs on its own further down.
run_tests "all tests" --filter "Category!=Arm64Emulation"

# The integer kernels must give the same bits on every instruction set: run them again with the
# wider paths switched off, so the Vector128 and scalar paths run on this machine too.
if grep -rqs 'Trait("Category", "Kernels")' tests; then
  # .NET 10 reads DOTNET_EnableAVX512 (EnableAVX512F alone no longer switches AVX-512 off); both are set.
  DOTNET_EnableAVX512F=0 DOTNET_EnableAVX512=0 run_tests "kernel tests without AVX-512" --filter "Category=Kernels"
  DOTNET_EnableAVX2=0 run_tests "kernel tests without AVX2" --filter "Category=Kernels"
  DOTNET_EnableHWIntrinsic=0 run_tests "kernel tests without hardware intrinsics" --filter "Category=Kernels"
fi

# On x64 the Arm paths (NEON, and the dot-product instructions of the Pi 5) run under user-mode emulation: the test
# assembly, published self-contained for linux-arm64, runs its kernel tests itself (KernelTestRunner) on an emulated
# Cortex-A72 (Raspberry Pi 4) and Cortex-A76 (Raspberry Pi 5). On an Arm machine the runs above cover them natively.
if [ "$(uname -m)" = "x86_64" ]; then
  arm64=$(mktemp -d)
  trap 'rm -f "$log"; rm -rf "$arm64"' EXIT

  # $1: project, $2: output folder. A failed publish counts as a failure, with the end of its log.
  publish_arm64() {
    dotnet publish "$1" -c Release -r linux-arm64 --self-contained -p:UseAppHost=true -o "$2" -nologo -v quiet \
      >"$2.publish.log" 2>&1 && return 0
    echo "Test Run Aborted: publishing $1 for linux-arm64 failed:" | tee -a "$log"
    tail -5 "$2.publish.log"
    return 1
  }

  echo "== kernel tests on emulated Arm64 (qemu-aarch64)"
  if publish_arm64 tests/EdgeLstm.Model.Tests "$arm64/tests"; then
    # Debian's multiarch arm64 C library when installed (install-deps adds it for the agent test), else the cross
    # one; never the cross loader with multiarch libraries, a mix that hangs at start.
    sysroot=()
    [ -e /lib/ld-linux-aarch64.so.1 ] || sysroot=(-L /usr/aarch64-linux-gnu)
    for cpu in cortex-a72 cortex-a76; do
      # qemu does not see code the JIT writes through .NET's second, writable mapping, so W^X must be off here.
      # The timeout bounds a hung emulator; the run takes under a minute.
      DOTNET_EnableWriteXorExecute=0 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 timeout 600 \
        qemu-aarch64-static "${sysroot[@]}" -cpu "$cpu" "$arm64/tests/EdgeLstm.Model.Tests" "linux-arm64 on $cpu" \
        >"$arm64/$cpu.log" 2>&1
      rc=$?
      tee -a "$log" <"$arm64/$cpu.log" | grep -E '^Kernel tests|\[FAIL\]|^(Passed|Failed)!'
      if [ $rc -ne 0 ] && ! grep -qE '^(Passed|Failed)! ' "$arm64/$cpu.log"; then
        echo "Test Run Aborted: the emulated $cpu run exited with $rc" | tee -a "$log"
        tail -5 "$arm64/$cpu.log"
      fi
    done
  fi

  # The whole agent, published for linux-arm64, replays the lab capture under emulation and must publish the same
  # alerts as the x64 agent (its MQTT client is managed; the test skips, saying why, without qemu).
  if publish_arm64 src/EdgeAgent "$arm64/agent"; then
    EDGELSTM_ARM64_AGENT="$arm64/agent" run_tests "agent on emulated Arm64" --filter "Category=Arm64Emulation"
  fi
fi

# CI shows only the end of this output, so name the failed tests (with the first lines of their messages) last.
if grep -qE '\[FAIL\]|Test Run Aborted|testhost process exited' "$log"; then
  echo "== failed tests"
  grep -A 6 -E '^\s+Failed [A-Za-z_.]+|Test Run Aborted|testhost process exited' "$log" | cut -c1-300 | head -60
fi

# dotnet test prints one summary per test assembly: "Passed!  - Failed: 0, Passed: 12, Skipped: 1, Total: 13 ..."
awk '
  /(Passed|Failed)! +- +Failed: / {
    gsub(",", "")
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") f += $(i + 1)
      if ($i == "Passed:") p += $(i + 1)
      if ($i == "Skipped:") s += $(i + 1)
    }
    runs++
  }
  / error |Test Run Aborted|testhost process exited/ { aborted++ }
  END {
    if (runs == 0 || aborted > 0) f++
    line = p " passed, " f " failed"
    if (s > 0) line = line ", " s " skipped"
    print line
    exit (f > 0)
  }' "$log"
