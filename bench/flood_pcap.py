#!/usr/bin/python3
"""Writes a deterministic spoofed-SYN-flood capture for bench/flood-replay.sh (standard library only).

  flood_pcap.py -o /tmp/flood.pcap [--seed 1] [--sources 600000] [--per-source 2] [--hosts 40] [--no-flood]

A LAN of --hosts clients (192.168.1.10 up) each exchange a request and a reply with a server (192.168.1.2) for 70 s,
at periods spread evenly on a log scale from 100 ms to 10 s (sensors that report now and then): hosts with a long
history, most of them quiet for longer than a least-recently-seen table of 4,096 survives under the flood. From 10 s to 60 s a flood of TCP SYNs to a web server (192.168.1.5,
port 80) comes from --sources distinct spoofed public addresses (a seeded sample), each sending --per-source SYNs,
the sources cycling so that a source's next SYN comes 50 s / --per-source later. --no-flood writes the same capture
without the flood (the reference for the eviction check). Same arguments, same bytes.
"""
import argparse
import heapq
import os
import random
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcap_io  # noqa: E402

START_US = 1_767_571_200 * 1_000_000
SERVER = bytes([192, 168, 1, 2])
VICTIM = bytes([192, 168, 1, 5])
MAC_A = bytes.fromhex("020000000001")
MAC_B = bytes.fromhex("020000000002")


def checksum(header):
    total = sum(struct.unpack("!10H", header))
    total = (total & 0xFFFF) + (total >> 16)
    total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def ipv4(src, dst, protocol, payload, ident):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident & 0xFFFF, 0x4000, 64, protocol, 0, src, dst)
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return MAC_B + MAC_A + b"\x08\x00" + header + payload


def syn(src, sport, seq):
    tcp = struct.pack("!HHIIBBHHH", sport, 80, seq, 0, 0x50, 0x02, 64240, 0, 0)
    return ipv4(src, VICTIM, 6, tcp, seq)


def udp(src, dst, sport, dport, size, ident):
    return ipv4(src, dst, 17, struct.pack("!HHHH", sport, dport, 8 + size, 0) + bytes(size), ident)


def background(hosts):
    """Each client sends a 200-byte request and gets a 600-byte reply, every 100 ms to every 10 s."""
    events = []
    for i in range(hosts):
        client = bytes([192, 168, 1, 10 + i])
        period = round(100_000 * 100 ** (i / max(1, hosts - 1)))
        t = START_US + i * 100_000 // hosts
        k = 0
        while t < START_US + 70_000_000:
            events.append((t, udp(client, SERVER, 40000 + i, 5683, 200, k)))
            events.append((t + 700, udp(SERVER, client, 5683, 40000 + i, 600, k)))
            t += period
            k += 1
    events.sort(key=lambda e: e[0])
    return events


def flood(seed, sources, per_source):
    rng = random.Random(seed)
    addresses = set()
    while len(addresses) < sources:
        a = rng.getrandbits(32)
        first = a >> 24
        # Public unicast only: not 0/8, 10/8, 127/8, 192.168/16, multicast or reserved.
        if first in (0, 10, 127) or first >= 224 or (a >> 16) == 0xC0A8:
            continue
        addresses.add(a)
    ordered = sorted(addresses)
    rng.shuffle(ordered)
    packed = [struct.pack("!I", a) for a in ordered]
    ports = [1024 + rng.randrange(64512) for _ in range(sources)]
    total = sources * per_source
    span_us = 50_000_000
    for k in range(total):
        s = k % sources
        yield START_US + 10_000_000 + k * span_us // total, syn(packed[s], ports[s], k)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sources", type=int, default=600_000)
    parser.add_argument("--per-source", type=int, default=2)
    parser.add_argument("--hosts", type=int, default=40)
    parser.add_argument("--no-flood", action="store_true")
    args = parser.parse_args()
    streams = [iter(background(args.hosts))]
    if not args.no_flood:
        streams.append(flood(args.seed, args.sources, args.per_source))
    with pcap_io.Writer(args.output) as writer:
        for t, frame in heapq.merge(*streams, key=lambda e: e[0]):
            writer.write(t, frame)
        count = writer.count
    kind = "background only" if args.no_flood else f"{args.sources:,} spoofed sources × {args.per_source} SYNs"
    print(f"{args.output}: {count:,} packets ({kind}, {args.hosts} LAN clients and a server with history)")


if __name__ == "__main__":
    main()
