#!/usr/bin/env python3
"""Exports one nn.LSTM(m, n) step per size to ONNX (opset 14) for ONNX Runtime in bench/pytorch-step.sh, with a reference
run to check it against. Needs only Debian's python3-torch: torch.onnx.export serializes the graph itself, without the
onnx package. Writes, per size, DIR/lstm-MxN.onnx (inputs x [1, 1, m], h0 and c0 [1, 1, n]; outputs y [1, 1, n], h1 and
c1 [1, 1, n]) and DIR/lstm-MxN.reference (little-endian float32: a T × m input sequence, then h and c after nn.LSTM has
run over it from a zero state)."""
import argparse
import os
import warnings

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--sizes", default="32x64", help="space-separated m x n pairs, e.g. '16x32 32x64'")
parser.add_argument("--steps", type=int, default=100, help="length of the reference sequence")
parser.add_argument("--out", required=True, help="folder to write into")
args = parser.parse_args()

torch.manual_seed(1)
os.makedirs(args.out, exist_ok=True)
for size in args.sizes.split():
    m, n = (int(v) for v in size.split("x"))
    lstm = torch.nn.LSTM(m, n).eval()
    step = (torch.zeros(1, 1, m), (torch.zeros(1, 1, n), torch.zeros(1, 1, n)))
    path = os.path.join(args.out, f"lstm-{m}x{n}")
    with warnings.catch_warnings():
        # The exporter's shape-inference notes about constants; the graph has fixed shapes, batch 1.
        warnings.simplefilter("ignore")
        torch.onnx.export(lstm, step, path + ".onnx", opset_version=14,
                          input_names=["x", "h0", "c0"], output_names=["y", "h1", "c1"])
    x = torch.rand(args.steps, 1, m) * 2 - 1
    with torch.inference_mode():
        _, (h, c) = lstm(x)
    with open(path + ".reference", "wb") as f:
        for tensor in (x, h, c):
            f.write(tensor.contiguous().numpy().astype("<f4").tobytes())
