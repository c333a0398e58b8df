#!/usr/bin/env python3
"""Reference check of EdgeLstm's float cells against PyTorch (Debian's python3-torch).

Usage: conformance.py MODEL.safetensors CASE.json
Reads an EdgeLstm model file with json + struct only (the safetensors layout), rebuilds the model in PyTorch
(torch.nn.LSTM + torch.nn.Linear for the lstm cell, torch.nn.GRU for the gru cell; the other cells written out from DESIGN.md's equations and
differentiated by autograd), runs the case's batch, and prints one JSON object with the largest absolute
difference of the hidden states, the head outputs, the loss and every parameter gradient.
"""
import json
import struct
import sys

import torch


def load_safetensors(path):
    """Returns (metadata, {name: tensor}) using json and struct only."""
    with open(path, "rb") as f:
        data = f.read()
    (header_length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_length])
    metadata = header.pop("__metadata__", {})
    body = data[8 + header_length:]
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise ValueError(f"{name}: dtype {entry['dtype']} is not F32")
        begin, end = entry["data_offsets"]
        values = struct.unpack(f"<{(end - begin) // 4}f", body[begin:end])
        tensors[name] = torch.tensor(values, dtype=torch.float32).reshape(entry["shape"])
    return metadata, tensors


# The cells PyTorch has as modules, and PyTorch's parameter names for ours (an lstm has no bias_hh: it is 0).
TORCH_MODULES = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
TORCH_NAMES = {"weight_ih_l0": "cell.weight_ih", "weight_hh_l0": "cell.weight_hh", "bias_ih_l0": "cell.bias", "bias_hh_l0": "cell.bias_hh"}


def run_cell(kind, params, x, peephole):
    """Runs a cell over x [B, T, m]; returns all hidden states [B, T, n]."""
    batch, steps, _ = x.shape
    n = params["cell.weight_hh"].shape[1]
    if kind in TORCH_MODULES:
        module = TORCH_MODULES[kind](x.shape[2], n, batch_first=True)
        with torch.no_grad():
            for torch_name in TORCH_NAMES:
                ours = params.get(TORCH_NAMES[torch_name])
                target = getattr(module, torch_name)
                if ours is None:
                    target.zero_()
                else:
                    target.copy_(ours)
        # Route PyTorch's own parameters' gradients back to our tensor names.
        for torch_name, ours in TORCH_NAMES.items():
            if ours in params:
                params[ours] = getattr(module, torch_name)
        output, _ = module(x)
        return output

    h = torch.zeros(batch, n)
    c = torch.zeros(batch, n)
    outputs = []
    w_ih, w_hh = params["cell.weight_ih"], params["cell.weight_hh"]
    bias = params["cell.bias"]
    for t in range(steps):
        xt = x[:, t]
        if kind == "lite":
            z = xt @ w_ih.T + h @ w_hh.T + bias
            zs, zg = z[:, :n], z[:, n:]
            if peephole:
                zs = zs + params["cell.peephole"] * c
            s, g = torch.sigmoid(zs), torch.tanh(zg)
            c = s * c + s * g
            h = s * torch.tanh(c)
        else:
            z = torch.zeros(batch, 4 * n)
            g_block = slice(2 * n, 3 * n)
            z = z.index_add(1, torch.arange(2 * n, 3 * n), xt @ w_ih.T)  # W feeds g only
            if kind == "slim3":
                z = z.index_add(1, torch.arange(2 * n, 3 * n), h @ w_hh.T)
            else:
                z = z + h @ w_hh.T
            if kind == "slim2":
                z = z.index_add(1, torch.arange(2 * n, 3 * n), bias.expand(batch, n))
            else:
                z = z + bias
            i, f, g, o = torch.sigmoid(z[:, :n]), torch.sigmoid(z[:, n:2 * n]), torch.tanh(z[:, g_block]), torch.sigmoid(z[:, 3 * n:])
            c = f * c + i * g
            h = o * torch.tanh(c)
        outputs.append(h)
    return torch.stack(outputs, dim=1)


def main():
    torch.set_num_threads(1)
    metadata, params = load_safetensors(sys.argv[1])
    config = json.loads(metadata["edgelstm.config"])
    with open(sys.argv[2]) as f:
        case = json.load(f)

    for name in params:
        params[name] = params[name].clone().requires_grad_(True)

    batch, steps, m = case["count"], case["steps"], config["input_size"]
    x = torch.tensor(case["inputs"], dtype=torch.float32).reshape(batch, steps, m)
    hidden = run_cell(config["cell"], params, x, config.get("peephole", True))
    head = torch.nn.Linear(config["hidden_size"], config["output_size"])
    with torch.no_grad():
        head.weight.copy_(params["head.weight"])
        head.bias.copy_(params["head.bias"])
    params["head.weight"], params["head.bias"] = head.weight, head.bias

    if config["head"] == "sigmoid":
        outputs = head(hidden[:, -1]).reshape(batch)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(outputs, torch.tensor(case["labels"], dtype=torch.float32))
    elif config["head"] == "softmax":
        outputs = head(hidden[:, -1])
        loss = torch.nn.functional.cross_entropy(outputs, torch.tensor(case["labels"]))
    else:
        outputs = head(hidden[:, :-1])
        loss = torch.nn.functional.mse_loss(outputs, x[:, 1:])
    loss.backward()

    def diff(a, b):
        return float((a.detach().reshape(-1) - torch.tensor(b, dtype=torch.float32).reshape(-1)).abs().max())

    result = {
        "hidden": diff(hidden, case["hidden"]),
        "outputs": diff(outputs, case["outputs"]),
        "loss": abs(float(loss) - case["loss"]),
        "gradients": {name: diff(p.grad, case["gradients"][name]) for name, p in params.items()},
        "torch": torch.__version__,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
