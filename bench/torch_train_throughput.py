#!/usr/bin/env python3
"""Training throughput of the same LSTM in PyTorch (Debian python3-torch): nn.LSTM + nn.Linear, BCE loss, Adam,
gradient clipping, mini-batches of random sequences. Prints sequences per second, like EdgeLstm's train-throughput."""
import argparse
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--input", type=int, default=32)
parser.add_argument("--hidden", type=int, default=64)
parser.add_argument("--steps", type=int, default=20)
parser.add_argument("--batch", type=int, default=64)
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--sequences", type=int, default=4096)
parser.add_argument("--epochs", type=int, default=3)
args = parser.parse_args()

torch.manual_seed(1)
torch.set_num_threads(args.threads)
x = torch.rand(args.sequences, args.steps, args.input) * 2 - 1
y = (torch.arange(args.sequences) % 2).float()
lstm = torch.nn.LSTM(args.input, args.hidden, batch_first=True)
head = torch.nn.Linear(args.hidden, 1)
params = list(lstm.parameters()) + list(head.parameters())
optimizer = torch.optim.Adam(params, lr=3e-3)


def epoch():
    order = torch.randperm(args.sequences)
    for start in range(0, args.sequences, args.batch):
        index = order[start:start + args.batch]
        optimizer.zero_grad()
        output, _ = lstm(x[index])
        loss = torch.nn.functional.binary_cross_entropy_with_logits(head(output[:, -1]).squeeze(1), y[index])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 5.0)
        optimizer.step()


epoch()  # warm-up
begin = time.perf_counter()
for _ in range(args.epochs):
    epoch()
rate = args.sequences * args.epochs / (time.perf_counter() - begin)
print(f"pytorch {torch.__version__} lstm m={args.input} n={args.hidden} T={args.steps} batch={args.batch} threads={args.threads}: {rate:.1f} sequences/s")
