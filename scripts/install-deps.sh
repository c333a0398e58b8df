#!/usr/bin/env bash
# Installs what EdgeLstm's demo and tests need on Debian / Raspberry Pi OS, skipping what is present.
# Usage: scripts/install-deps.sh [demo|test]
set -euo pipefail

purpose=${1:-test}

# Debian packages: python3-torch is the reference for the float cells (tests only).
packages=()
# The demo and the agent: the MQTT client library, a local broker and a subscriber to show the alerts.
packages+=(libmosquitto1 mosquitto mosquitto-clients)
if [ "$purpose" = "test" ]; then
  packages+=(python3-torch python3-numpy)
  # Features tests: tshark is the decoder's oracle, libpcap0.8 the live-capture library.
  packages+=(tshark libpcap0.8)
  # On x64, the Arm kernel paths run under user-mode emulation with Debian's arm64 C and C++ runtimes.
  if [ "$(uname -m)" = "x86_64" ]; then
    packages+=(qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross)
  fi
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "install-deps: installing ${missing[*]} with apt-get"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "install-deps: the .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian);" >&2
  echo "install-deps: on Raspberry Pi OS use 'curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0'." >&2
  exit 1
fi
