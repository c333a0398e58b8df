#!/usr/bin/env bash
# EdgeLstm traffic lab: builds a small IoT LAN out of network namespaces joined by veth pairs to a bridge,
# runs real benign traffic (HTTP with curl, MQTT with mosquitto_pub/sub, DNS lookups, ping) and real
# attacks from an attacker namespace (nmap SYN and UDP scans, an hping3 SYN flood at a bounded rate,
# a burst of failed connections), captures everything on the bridge with tcpdump, and writes the
# capture with a label file. Traffic stays inside the namespaces it creates; every loop is bounded in
# time; everything is removed on exit, even on failure or Ctrl-C.
#
# Usage: sudo deploy/lab/traffic-lab.sh [OUTPUT_DIR]     (default: ./lab-out)
# Needs: iproute2, tcpdump, curl, python3, mosquitto, mosquitto-clients, nmap, hping3, iputils-ping.
# Writes: OUTPUT_DIR/lab.pcap (snap length 128), OUTPUT_DIR/labels.csv, OUTPUT_DIR/attackers.txt
#
# labels.csv columns: start,end (Unix seconds), source (attacker address), label (attack), kind, command.
# Everything outside these intervals, and every packet not from or to the attacker, is benign.
set -euo pipefail

out=$(realpath -m "${1:-lab-out}")
prefix=ellab$$
subnet=10.77.0
server=$subnet.1
iot1=$subnet.11
iot2=$subnet.12
attacker=$subnet.66
benign_seconds=${LAB_BENIGN_SECONDS:-15}
gap_seconds=${LAB_GAP_SECONDS:-4}
here=$(dirname "$(realpath "$0")")

[ "$(id -u)" -eq 0 ] || { echo "traffic-lab: run as root (network namespaces)" >&2; exit 1; }
for tool in ip tcpdump curl python3 mosquitto mosquitto_pub mosquitto_sub nmap hping3 ping timeout; do
  command -v "$tool" >/dev/null || { echo "traffic-lab: $tool is missing (apt-get install iproute2 tcpdump curl python3 mosquitto mosquitto-clients nmap hping3 iputils-ping)" >&2; exit 1; }
done

namespaces=("$prefix-lan" "$prefix-srv" "$prefix-iot1" "$prefix-iot2" "$prefix-atk")
pids=()
cleanup() {
  set +e
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for ns in "${namespaces[@]}"; do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
    ip netns delete "$ns" 2>/dev/null
  done
  rm -rf "/etc/netns/$prefix-iot1" "/etc/netns/$prefix-iot2" "$work"
}
work=$(mktemp -d)
trap cleanup EXIT INT TERM

in_ns() { local ns=$1; shift; ip netns exec "$prefix-$ns" "$@"; }
now() { date +%s.%N; }

# A bridge in its own namespace, and one veth pair per host.
for ns in "${namespaces[@]}"; do ip netns add "$ns"; done
in_ns lan ip link add br0 type bridge
in_ns lan ip link set br0 up
in_ns lan ip link set lo up
declare -A address=([srv]=$server [iot1]=$iot1 [iot2]=$iot2 [atk]=$attacker)
for host in srv iot1 iot2 atk; do
  # Created inside the LAN namespace, so no interface ever appears in the host's own namespace.
  in_ns lan ip link add "v-$host" type veth peer name eth0 netns "$prefix-$host"
  in_ns lan ip link set "v-$host" master br0 up
  in_ns "$host" ip addr add "${address[$host]}/24" dev eth0
  in_ns "$host" ip link set eth0 up
  in_ns "$host" ip link set lo up
done
for host in iot1 iot2; do
  mkdir -p "/etc/netns/$prefix-$host"
  echo "nameserver $server" >"/etc/netns/$prefix-$host/resolv.conf"
done

total=$((benign_seconds * 2 + gap_seconds * 5 + 70))
mkdir -p "$out"
in_ns lan timeout $((total + 30)) tcpdump -i br0 -s 128 -U -w "$out/lab.pcap" 2>"$work/tcpdump.log" &
pids+=($!)
sleep 1

# Services on the server, each stopped by timeout at the latest.
mkdir -p "$work/www" && echo "edgelstm lab" >"$work/www/index.html"
in_ns srv timeout "$total" python3 -m http.server 8080 --bind "$server" --directory "$work/www" >/dev/null 2>&1 &
pids+=($!)
printf 'listener 1883 %s\nallow_anonymous true\n' "$server" >"$work/mosquitto.conf"
in_ns srv timeout "$total" mosquitto -c "$work/mosquitto.conf" >/dev/null 2>&1 &
pids+=($!)
in_ns srv timeout "$total" python3 "$here/dns-responder.py" "$server" 53 "$server" "$total" &
pids+=($!)
sleep 1

# Benign devices: bounded loops for the whole run.
in_ns iot1 timeout "$total" bash -c "while true; do curl -s -o /dev/null http://$server:8080/; getent hosts cloud.lab >/dev/null; sleep 0.5; done" &
pids+=($!)
in_ns iot2 timeout "$total" bash -c "while true; do mosquitto_pub -h $server -t lab/temp -m \$RANDOM; sleep 1; done" &
pids+=($!)
in_ns iot1 timeout "$total" mosquitto_sub -h "$server" -t 'lab/#' >/dev/null &
pids+=($!)
in_ns iot2 timeout "$total" ping -q -i 1 "$server" >/dev/null &
pids+=($!)
in_ns iot2 timeout "$total" bash -c "while true; do getent hosts time.lab >/dev/null; sleep 2; done" &
pids+=($!)

echo "start,end,source,label,kind,command" >"$out/labels.csv"
attack() {
  # $1 kind, rest: command run in the attacker namespace, bounded by timeout
  local kind=$1; shift
  local start end
  start=$(now)
  in_ns atk timeout 30 "$@" >/dev/null 2>&1 || true
  end=$(now)
  local text=$*
  echo "$start,$end,$attacker,attack,$kind,\"${text//\"/\"\"}\"" >>"$out/labels.csv"
  echo "traffic-lab: $kind done"
  sleep "$gap_seconds"
}

echo "traffic-lab: benign traffic for ${benign_seconds}s"
sleep "$benign_seconds"
attack syn-scan nmap -n -Pn -sS -p 1-1000 --max-rate 400 "$server"
attack udp-scan nmap -n -Pn -sU --top-ports 30 --max-retries 1 --max-rate 100 --host-timeout 20s "$iot1"
attack syn-flood hping3 -q -S -p 8080 -i u2000 -c 3000 "$server"
attack failed-connections bash -c "for p in \$(seq 2000 2300); do timeout 0.2 bash -c \"echo > /dev/tcp/$iot2/\$p\" 2>/dev/null; done"
echo "traffic-lab: benign tail for ${benign_seconds}s"
sleep "$benign_seconds"

echo "$attacker" >"$out/attackers.txt"
for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
wait 2>/dev/null || true
pids=()
echo "traffic-lab: wrote $out/lab.pcap ($(du -h "$out/lab.pcap" | cut -f1)), $out/labels.csv, $out/attackers.txt"
