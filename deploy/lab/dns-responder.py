#!/usr/bin/env python3
"""Answers every DNS A query with one fixed address; the traffic lab's name server (stops after a time limit)."""
import socket
import struct
import sys
import time

address, port, answer, seconds = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind((address, port))
sock.settimeout(0.5)
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    try:
        query, client = sock.recvfrom(512)
    except socket.timeout:
        continue
    if len(query) < 12:
        continue
    end = 12
    while end < len(query) and query[end] != 0:
        end += query[end] + 1
    question = query[12:end + 5]
    header = query[:2] + struct.pack(">HHHHH", 0x8180, 1, 1, 0, 0)
    record = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + socket.inet_aton(answer)
    sock.sendto(header + question + record, client)
