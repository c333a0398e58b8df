#!/usr/bin/env bash
# Installs the EdgeLstm agent as a systemd service on Raspberry Pi OS (Debian 12 "bookworm", arm64 or armhf)
# and on Debian 12 in general.
#
# Usage (as root, from a clone of the repository):
#   deploy/install.sh [--from DIR] [--install-dotnet] [--sysfs-led] [--no-start]
#     --from DIR        install an already published agent (dotnet publish output) instead of publishing
#                       here; use it when the Pi has only the runtime, not the SDK
#     --install-dotnet  install the .NET 10 runtime with Microsoft's dotnet-install.sh when it is missing
#     --sysfs-led       allow the service to drive a /sys/class/leds status LED (adds a unit drop-in)
#     --no-start        install and enable, but do not start
# Uninstall: deploy/uninstall.sh [--purge]
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
prefix=/opt/edgelstm-agent
config_dir=/etc/edgelstm
unit=/etc/systemd/system/edgelstm-agent.service
dropin_dir=/etc/systemd/system/edgelstm-agent.service.d
service_user=edgelstm

from=""
install_dotnet=no
sysfs_led=no
start=yes
while [ $# -gt 0 ]; do
  case $1 in
    --from) from=$2; shift 2 ;;
    --install-dotnet) install_dotnet=yes; shift ;;
    --sysfs-led) sysfs_led=yes; shift ;;
    --no-start) start=no; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run as root (sudo deploy/install.sh)" >&2
  exit 1
fi

# 1. Debian libraries the agent calls through LibraryImport (MQTT is managed, MQTTnet; libssl3 serves .NET's TLS);
#    InvariantGlobalization means no ICU.
# System.Device.Gpio loads libgpiod at run time: v2 (libgpiod3) on Raspberry Pi OS trixie, v1 (libgpiod2) on bookworm.
apt-get update -qq
if apt-cache show libgpiod3 >/dev/null 2>&1; then gpiod=libgpiod3; else gpiod=libgpiod2; fi
echo "install.sh: installing $gpiod, libpcap0.8"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "$gpiod" libpcap0.8 ca-certificates libssl3 >/dev/null

# 2. The .NET 10 runtime (framework-dependent deployment).
has_runtime() { command -v dotnet >/dev/null 2>&1 && dotnet --list-runtimes 2>/dev/null | grep -q '^Microsoft.NETCore.App 10\.'; }
if ! has_runtime; then
  if [ "$install_dotnet" = yes ]; then
    echo "install.sh: installing the .NET 10 runtime to /usr/share/dotnet"
    tmp=$(mktemp)
    curl -fsSL https://dot.net/v1/dotnet-install.sh -o "$tmp"
    bash "$tmp" --channel 10.0 --runtime dotnet --install-dir /usr/share/dotnet
    rm -f "$tmp"
    ln -sf /usr/share/dotnet/dotnet /usr/bin/dotnet
  else
    echo "install.sh: the .NET 10 runtime is missing; rerun with --install-dotnet or see" >&2
    echo "  https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
    exit 1
  fi
fi

# 3. The agent itself: publish framework-dependent here, or take a published directory.
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
if [ -n "$from" ]; then
  cp -a "$from"/. "$staging"/
else
  if ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
    echo "install.sh: no .NET 10 SDK here; publish on a workstation and pass --from:" >&2
    echo "  dotnet publish src/EdgeAgent -c Release -r linux-arm64 --self-contained false -o out" >&2
    exit 1
  fi
  echo "install.sh: publishing the agent (Release, framework-dependent)"
  dotnet publish "$repo/src/EdgeAgent" -c Release --self-contained false -o "$staging" -nologo -v quiet
fi
if [ ! -f "$staging/EdgeLstm.EdgeAgent.dll" ]; then
  echo "install.sh: $staging holds no EdgeLstm.EdgeAgent.dll" >&2
  exit 1
fi

# 4. A system user without a shell or home; gpio group membership for a GPIO status LED.
if ! id "$service_user" >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$service_user"
fi
if getent group gpio >/dev/null; then
  usermod -a -G gpio "$service_user"
fi

# 5. Files: program (root-owned, read-only to the service), configuration (kept if present), unit.
if systemctl is-active --quiet edgelstm-agent; then
  systemctl stop edgelstm-agent
fi
rm -rf "$prefix"
install -d -m 0755 "$prefix"
cp -a "$staging"/. "$prefix"/
chown -R root:root "$prefix"
chmod -R u=rwX,go=rX "$prefix"

install -d -m 0755 "$config_dir"
if [ ! -f "$config_dir/agent.json" ]; then
  install -m 0640 -o root -g "$service_user" "$repo/deploy/agent.example.json" "$config_dir/agent.json"
  echo "install.sh: wrote $config_dir/agent.json from the example; edit the broker and device id"
else
  echo "install.sh: kept the existing $config_dir/agent.json"
fi

install -m 0644 "$repo/deploy/edgelstm-agent.service" "$unit"
if [ "$sysfs_led" = yes ]; then
  install -d -m 0755 "$dropin_dir"
  cat > "$dropin_dir/sysfs-led.conf" <<'CONF'
# Written by deploy/install.sh --sysfs-led: let the agent drive a /sys/class/leds status LED.
[Service]
ProtectKernelTunables=no
ReadWritePaths=/sys/devices/platform/leds
CONF
fi

systemctl daemon-reload
systemctl enable edgelstm-agent >/dev/null
if [ "$start" = yes ]; then
  systemctl start edgelstm-agent
  echo "install.sh: started; follow it with: journalctl -u edgelstm-agent -f"
else
  echo "install.sh: installed and enabled; start it with: systemctl start edgelstm-agent"
fi
