#!/usr/bin/env python3
"""Per-step latency of the same LSTM in PyTorch (Debian python3-torch) at batch 1, inference mode, one thread:
(a) nn.LSTM over a whole T-step sequence, divided by T; (b) nn.LSTMCell called once per step for T steps, divided by T.
Median of repeats after warm-up. Prints tab-separated lines like EdgeLstm's step-latency mode:
implementation, m, n, variant, nanoseconds per step."""
import argparse
import statistics
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--sizes", default="32x64", help="space-separated m x n pairs, e.g. '16x32 32x64'")
parser.add_argument("--steps", type=int, default=100)
parser.add_argument("--repeats", type=int, default=200)
parser.add_argument("--threads", type=int, default=1)
args = parser.parse_args()

torch.manual_seed(1)
torch.set_num_threads(args.threads)


def median_ns(run):
    for _ in range(max(args.repeats // 4, 20)):  # warm-up: allocator, caches, lazy initialisation
        run()
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter_ns()
        run()
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times)


for size in args.sizes.split():
    m, n = (int(v) for v in size.split("x"))
    x = torch.rand(args.steps, 1, m) * 2 - 1
    lstm = torch.nn.LSTM(m, n).eval()
    cell = torch.nn.LSTMCell(m, n).eval()

    def sequence():
        lstm(x)

    def step_by_step():
        h = torch.zeros(1, n)
        c = torch.zeros(1, n)
        for t in range(args.steps):
            h, c = cell(x[t], (h, c))

    with torch.inference_mode():
        for variant, run in (("sequence", sequence), ("step", step_by_step)):
            print(f"pytorch\t{m}\t{n}\t{variant}\t{median_ns(run) / args.steps:.1f}", flush=True)
