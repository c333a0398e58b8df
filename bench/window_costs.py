#!/usr/bin/env python3
"""Turns the measurements of bench/window-cost.sh into a Markdown table. Reads tab-separated lines from stdin: round,
path label, model label, m, n, format, variant (scratch or cached), ns per window, bytes allocated over the timed
windows, timed windows, instruction path
(the lines of `EdgeLstm.Benchmarks window-cost`, prefixed by the script). Figures are medians over the rounds."""
import statistics
import sys
from collections import defaultdict

PATHS = {"default": "default", "no-avx512": "AVX-512 off", "no-avx2": "AVX2 off", "scalar": "scalar"}
FORMATS = {"float32": "float32", "int8": "int8", "floatsd8": "FloatSD8"}

values = defaultdict(list)  # (model, m, n, format, path, variant) -> ns per round
names = {}
allocated = (0, 0, "")  # the largest allocation over one figure's timed windows: bytes, windows, which figure
rows = []
for line in sys.stdin:
    fields = line.rstrip("\n").split("\t")
    if len(fields) < 11:
        continue
    _, path, model, m, n, fmt, variant, ns, bytes_, windows, name = fields[:11]
    row = (model, int(m), int(n), fmt, path)
    values[row + (variant,)].append(float(ns))
    names[row] = name
    if int(bytes_) > allocated[0] or not allocated[1]:
        allocated = (int(bytes_), int(windows), f"{model} {m}×{n} {FORMATS[fmt]} {PATHS[path]} {variant}")
    if row not in rows:
        rows.append(row)

models = list(dict.fromkeys(r[:3] for r in rows))  # in the order measured
rows.sort(key=lambda r: (models.index(r[:3]), list(FORMATS).index(r[3]), list(PATHS).index(r[4])))
rounds = max((len(v) for v in values.values()), default=0)
print(f"Median of {rounds} round(s). *From scratch*: a host with a row in every window (history append and copy, "
      "T − 1 = 3 steps from a zero state, head, score). *Cached*: a host back after T − 2 silent windows (one step from "
      "the model's cached silent state, head, score; the float scorer runs every step). Windows per second = 10⁹ ÷ ns: "
      "what one core sustains doing nothing else.")
print()
print("| model | m | n | format | path (kernels) | from scratch, µs | windows/s per core | cached, µs | windows/s per core |")
print("|---|---:|---:|---|---|---:|---:|---:|---:|")
for row in rows:
    model, m, n, fmt, path = row
    scratch = statistics.median(values[row + ("scratch",)])
    cached = statistics.median(values[row + ("cached",)])
    print(f"| {model} | {m} | {n} | {FORMATS[fmt]} | {PATHS[path]} ({names[row]}) | {scratch / 1000:.2f} "
          f"| {1e9 / scratch:,.0f} | {cached / 1000:.2f} | {1e9 / cached:,.0f} |")
print()
print(f"Largest allocation over one figure's timed windows, every row and round: {allocated[0]:,} B in {allocated[1]:,} "
      f"windows{' (' + allocated[2] + ')' if allocated[0] else ''}.")
