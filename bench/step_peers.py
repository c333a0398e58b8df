#!/usr/bin/env python3
"""Turns the measurements of bench/pytorch-step.sh into Markdown tables. Reads tab-separated lines from stdin:
round, configuration, implementation, m, n, variant, ns per step[, bytes allocated per step, instruction path] (the
lines of `EdgeLstm.Benchmarks step-latency` and bench/torch_step.py, prefixed by the script). Figures are medians over
the rounds; every ratio is computed within each round (same run, same core) and its median and range over the rounds
are printed, so a load that changes between rounds moves the range, not the ratio of one round."""
import statistics
import sys
from collections import defaultdict

CONFIGS = {  # configuration label of the script -> heading of its rows
    "default": "default",
    "no-avx512": "AVX-512 off",
    "no-avx2": "AVX2 off",
    "scalar": "scalar",
}

values = defaultdict(dict)  # (config, impl, variant, m, n) -> {round: ns}
paths = {}
allocated = defaultdict(float)  # implementation -> largest bytes per step
sizes = []
errors = []
for line in sys.stdin:
    fields = line.rstrip("\n").split("\t")
    if len(fields) < 7:
        continue
    rnd, config, impl, m, n, variant, ns = fields[:7]
    key = (config, impl, variant, int(m), int(n))
    values[key][rnd] = float(ns)
    if variant == "error-vs-pytorch":
        errors.append(float(ns))
        continue
    if len(fields) >= 9:
        paths[(config, impl, variant)] = fields[8]
        allocated[impl] = max(allocated[impl], float(fields[7]))
    if (int(m), int(n)) not in sizes:
        sizes.append((int(m), int(n)))

ort = ("default", "onnxruntime", "float32")


def median(key, m, n):
    series = values.get(key + (m, n))
    return statistics.median(series.values()) if series else None


def ratio(numerator, denominator, m, n):
    """Median and range over the rounds of numerator ns / denominator ns, each round on its own."""
    a, b = values.get(numerator + (m, n), {}), values.get(denominator + (m, n), {})
    ratios = [a[r] / b[r] for r in a if r in b]
    return (statistics.median(ratios), min(ratios), max(ratios)) if ratios else None


def ns(value):
    return "–" if value is None else f"{value:,.0f}"


def times(value, spread=False):
    if value is None:
        return "–"
    mid, low, high = value
    digits = 1 if spread and low >= 1 else 2
    return f"{mid:.{digits}f}× ({low:.{digits}f}–{high:.{digits}f})" if spread else f"{mid:.2f}×"


rounds = len({r for series in values.values() for r in series})
print(f"ns per step, median of {rounds} round(s); ratios `a ÷ b` are a's ns over b's ns in the same round "
      "(above 1: b is faster), median (min–max) over the rounds.")
print()
print("| m | n | PyTorch nn.LSTM (sequence) | PyTorch LSTMCell (step) | ONNX Runtime | EdgeLstm float32 | EdgeLstm int8 "
      "| EdgeLstm FloatSD8 | ORT ÷ int8 | ORT ÷ FloatSD8 | ORT ÷ float32 | nn.LSTM ÷ int8 | LSTMCell ÷ int8 |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
seq, cell = ("torch", "pytorch", "sequence"), ("torch", "pytorch", "step")
e = {v: ("default", "edgelstm", v) for v in ("float32", "int8", "floatsd8")}
for m, n in sizes:
    print(f"| {m} | {n} | {ns(median(seq, m, n))} | {ns(median(cell, m, n))} | {ns(median(ort, m, n))} "
          f"| {ns(median(e['float32'], m, n))} | {ns(median(e['int8'], m, n))} | {ns(median(e['floatsd8'], m, n))} "
          f"| {times(ratio(ort, e['int8'], m, n), True)} | {times(ratio(ort, e['floatsd8'], m, n), True)} "
          f"| {times(ratio(ort, e['float32'], m, n))} | {times(ratio(seq, e['int8'], m, n))} "
          f"| {times(ratio(cell, e['int8'], m, n))} |")

configs = [c for c in CONFIGS if any(k[0] == c and k[1] == "edgelstm" for k in values)]
print()
print("EdgeLstm on each instruction path (the process's `DOTNET_*` settings), against ONNX Runtime's float step of the "
      "same round (ORT is native code: the settings do not change it).")
print()
print("| m | n | path (int8 kernels) | EdgeLstm float32 | EdgeLstm int8 | EdgeLstm FloatSD8 | ORT ÷ int8 | ORT ÷ FloatSD8 | ORT ÷ float32 |")
print("|---:|---:|---|---:|---:|---:|---:|---:|---:|")
for m, n in sizes:
    for config in configs:
        k = {v: (config, "edgelstm", v) for v in ("float32", "int8", "floatsd8")}
        path = f"{CONFIGS[config]} ({paths.get((config, 'edgelstm', 'int8'), '?')})"
        print(f"| {m} | {n} | {path} | {ns(median(k['float32'], m, n))} | {ns(median(k['int8'], m, n))} "
              f"| {ns(median(k['floatsd8'], m, n))} | {times(ratio(ort, k['int8'], m, n), True)} "
              f"| {times(ratio(ort, k['floatsd8'], m, n), True)} | {times(ratio(ort, k['float32'], m, n))} |")

print()
print("Instruction paths: " + "; ".join(
    f"{CONFIGS[config]}: float32 {paths.get((config, 'edgelstm', 'float32'), '?')}, "
    f"int8 {paths.get((config, 'edgelstm', 'int8'), '?')}, FloatSD8 {paths.get((config, 'edgelstm', 'floatsd8'), '?')}"
    for config in configs) + f". ONNX Runtime: {paths.get(ort, '?')}, "
      f"its h and c after the sequence within {max(errors, default=float('nan')):.1e} of PyTorch's at every size.")
print("Largest allocation per step over all sizes and rounds: " + ", ".join(
    f"{impl} {value:.1f} B" for impl, value in sorted(allocated.items())) + ".")
