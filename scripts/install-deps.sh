#!/usr/bin/env bash
# Installs what EdgeLstm's demo and tests need on Debian / Raspberry Pi OS, skipping what is present.
# Usage: scripts/install-deps.sh [demo|test]
set -euo pipefail

purpose=${1:-test}

# Debian packages: python3-torch is the reference for the float cells (tests only).
packages=()
# The demo and the tests: a local broker and a subscriber to show the alerts (the agent's MQTT client is managed, MQTTnet).
packages+=(mosquitto mosquitto-clients)
if [ "$purpose" = "test" ]; then
  packages+=(python3-torch python3-numpy)
  # Features tests: tshark is the decoder's oracle, libpcap0.8 the live-capture library.
  packages+=(tshark libpcap0.8)
  # The GPIO tests open an absent chip through System.Device.Gpio, which loads libgpiod at run time: libgpiod2
  # (libgpiod v1, Debian 12 / Raspberry Pi OS bookworm) or libgpiod3 (v2, Debian 13 / trixie), whichever apt has.
  if apt-cache show libgpiod3 >/dev/null 2>&1; then packages+=(libgpiod3); else packages+=(libgpiod2); fi
  # On x64, the Arm kernel paths run under user-mode emulation with Debian's arm64 C and C++ runtimes.
  if [ "$(uname -m)" = "x86_64" ]; then
    packages+=(qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross)
  fi
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]} with apt-get"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# On x64 the agent itself also runs under emulation; qemu runs the published arm64 agent against Debian's arm64 C and
# C++ runtimes at their multiarch paths (the cross loader hangs at start), which takes dpkg's arm64 architecture.
# Without them the emulated runs skip or stop, saying why; nothing else depends on them.
if [ "$purpose" = "test" ] && [ "$(uname -m)" = "x86_64" ] &&
   ! dpkg-query -W -f='${Status}' libstdc++6:arm64 2>/dev/null | grep -q "install ok installed"; then
  echo "install-deps: adding dpkg's arm64 architecture for libc6:arm64 and libstdc++6:arm64 (the agent's emulated Arm test)"
  { $sudo dpkg --add-architecture arm64 && $sudo apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      libc6:arm64 libstdc++6:arm64 libgcc-s1:arm64 >/dev/null; } ||
    { echo "install-deps: the arm64 packages could not be installed; the emulated agent test will skip" >&2
      # Leave apt as it was: an architecture its sources do not serve would fail every later apt-get update.
      $sudo dpkg --remove-architecture arm64 2>/dev/null || true; }
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "install-deps: the .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian);" >&2
  echo "install-deps: on Raspberry Pi OS use 'curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0'." >&2
  exit 1
fi
