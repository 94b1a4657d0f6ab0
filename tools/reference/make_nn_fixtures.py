"""Writes golden fixtures for the neural-network ops of CircuitBench.Tensors, computed with PyTorch.

Every case draws float32 inputs from a seeded generator, then evaluates the op in float64 with PyTorch's own
functions where PyTorch has them (layer_norm, gelu, silu, softmax, log_softmax, cross_entropy, kl_div) and
with the reference formulas used by TransformerLens / Hugging Face otherwise (causal attention with a key
padding mask, GPT-NeoX / Llama rotate_half rotary, RMSNorm). Input gradients come from backward with a
fixed random upstream gradient `grad_output`.

Usage: python3 tools/reference/make_nn_fixtures.py OUT_DIR
Writes one JSON file per op to OUT_DIR: {"source", "torch", "params", "tensors": {name: {"shape", "data"}}}.
Tensor names: inputs as given to the op, "output" (or several outputs), "grad_output", "grad.<input>".
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

GEN = torch.Generator().manual_seed(20240611)


def randn(*shape, scale=1.0):
    """float32 standard normals times scale (the values the C# test reads back exactly)."""
    return (torch.randn(shape, generator=GEN) * scale).float()


def leaf(x):
    return x.double().requires_grad_(True)


def backward(outputs, weights):
    torch.autograd.backward(outputs, weights)


def write(out_dir, name, params, tensors):
    def encode(t):
        t = t.detach()
        # JSON has no infinities: non-finite values are written as the strings "Infinity", "-Infinity", "NaN".
        data = [v if math.isfinite(v) else str(v).replace("inf", "Infinity").replace("nan", "NaN") for v in t.reshape(-1).tolist()]
        return {"shape": list(t.shape), "data": data}

    doc = {"source": "tools/reference/make_nn_fixtures.py", "torch": torch.__version__, "params": params,
           "tensors": {k: encode(v) for k, v in tensors.items()}}
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True, allow_nan=False)
        f.write("\n")


def unary(out_dir, name, fn, x, params=None):
    """An elementwise or row-wise op of one input."""
    xl = leaf(x)
    y = fn(xl)
    g = randn(*y.shape)
    backward(y, g.double())
    write(out_dir, name, params or {}, {"x": x, "output": y, "grad_output": g, "grad.x": xl.grad})


def layer_norm(out_dir):
    x, w, b = randn(3, 2, 7, scale=2.0) + 0.5, 1 + randn(7, scale=0.3), randn(7, scale=0.3)
    xl, wl, bl = leaf(x), leaf(w), leaf(b)
    y = F.layer_norm(xl, (7,), wl, bl, 1e-5)
    g = randn(*y.shape)
    backward(y, g.double())
    write(out_dir, "layer_norm", {"eps": 1e-5}, {"x": x, "weight": w, "bias": b, "output": y, "grad_output": g,
                                                 "grad.x": xl.grad, "grad.weight": wl.grad, "grad.bias": bl.grad})


def rms_norm(out_dir):
    x, w = randn(4, 9, scale=1.5), 1 + randn(9, scale=0.3)
    xl, wl = leaf(x), leaf(w)
    y = xl * torch.rsqrt(xl.pow(2).mean(-1, keepdim=True) + 1e-6) * wl
    g = randn(*y.shape)
    backward(y, g.double())
    write(out_dir, "rms_norm", {"eps": 1e-6}, {"x": x, "weight": w, "output": y, "grad_output": g,
                                               "grad.x": xl.grad, "grad.weight": wl.grad})


def softmaxes(out_dir):
    x = randn(3, 4, 6, scale=3.0)
    x[0, 0] = torch.tensor([1e4, 1e4 - 1, -1e4, 80.0, -80.0, 1e4 - 2.5])  # large logits
    x[0, 1, 2] = x[1, 3, 0] = float("-inf")                                # masked entries
    for name, fn in [("softmax", F.softmax), ("log_softmax", F.log_softmax)]:
        xl = leaf(x)
        y = fn(xl, dim=-1)
        g = randn(*y.shape)
        backward(y, g.double())
        write(out_dir, name, {"axis": -1}, {"x": x, "output": y, "grad_output": g, "grad.x": xl.grad})


def attention(out_dir):
    """TransformerLens semantics: q, k, v [b, s, h, d]; causal and key-padding mask; pattern [b, h, q, k]."""
    b, s, h, d = 2, 5, 2, 4
    lengths = [5, 3]
    q, k, v = randn(b, s, h, d), randn(b, s, h, d), randn(b, s, h, d)
    ql, kl, vl = leaf(q), leaf(k), leaf(v)
    allowed = torch.tril(torch.ones(s, s, dtype=torch.bool))[None] & (torch.arange(s)[None, :] < torch.tensor(lengths)[:, None])[:, None, :]
    scores = torch.einsum("bqhd,bkhd->bhqk", ql, kl) / math.sqrt(d)
    pattern = torch.softmax(scores.masked_fill(~allowed[:, None], float("-inf")), dim=-1)
    z = torch.einsum("bhqk,bkhd->bqhd", pattern, vl)
    gz, gp = randn(*z.shape), randn(*pattern.shape)
    backward([z, pattern], [gz.double(), gp.double()])
    write(out_dir, "attention", {"lengths": lengths, "scale": 1 / math.sqrt(d)},
          {"q": q, "k": k, "v": v, "z": z, "pattern": pattern, "grad_output.z": gz, "grad_output.pattern": gp,
           "grad.q": ql.grad, "grad.k": kl.grad, "grad.v": vl.grad})


def rotary(out_dir):
    """GPT-NeoX / HF Llama: the first rotary_dim features rotate as halves (rotate_half), the rest pass through."""
    b, s, h, d, rotary_dim, offset, theta = 2, 6, 2, 10, 8, 3, 10000.0
    x = randn(b, s, h, d)
    xl = leaf(x)
    inv_freq = 1.0 / theta ** (torch.arange(0, rotary_dim, 2, dtype=torch.float64) / rotary_dim)
    angles = torch.outer(torch.arange(offset, offset + s, dtype=torch.float64), inv_freq)      # [s, r/2]
    emb = torch.cat([angles, angles], dim=-1)[None, :, None, :]                                 # [1, s, 1, r]
    rot, rest = xl[..., :rotary_dim], xl[..., rotary_dim:]
    half = rotary_dim // 2
    rotate_half = torch.cat([-rot[..., half:], rot[..., :half]], dim=-1)
    y = torch.cat([rot * emb.cos() + rotate_half * emb.sin(), rest], dim=-1)
    g = randn(*y.shape)
    backward(y, g.double())
    write(out_dir, "rotary", {"rotary_dim": rotary_dim, "offset": offset, "theta": theta},
          {"x": x, "output": y, "grad_output": g, "grad.x": xl.grad})


def cross_entropy(out_dir):
    logits = randn(5, 7, scale=2.0)
    logits[2] = torch.tensor([1e4, 1e4 - 3, -1e4, 0.0, 80.0, -80.0, 5.0])
    targets = [3, -100, 1, 6, 0]
    ll = leaf(logits)
    loss = F.cross_entropy(ll, torch.tensor(targets), ignore_index=-100)
    g = randn()
    backward(loss, g.double())
    write(out_dir, "cross_entropy", {"targets": targets, "ignore_index": -100},
          {"logits": logits, "output": loss, "grad_output": g, "grad.logits": ll.grad})


def kl_divergence(out_dir):
    """KL(P || Q) per row from logits, via PyTorch's kl_div(input=log q, target=p) summed over the last axis.

    One logit of P is very negative (p ~ 1e-13) rather than -inf: PyTorch's kl_div gradient is NaN at p = 0
    exactly (xlogy's backward), where CircuitBench gives the limit 0.
    """
    p, q = randn(2, 3, 6, scale=2.0), randn(2, 3, 6, scale=2.0)
    p[1, 2, 4] = -30.0
    pl, ql = leaf(p), leaf(q)
    kl = F.kl_div(F.log_softmax(ql, -1), F.softmax(pl, -1), reduction="none").sum(-1)
    g = randn(*kl.shape)
    backward(kl, g.double())
    write(out_dir, "kl_divergence", {}, {"logits_p": p, "logits_q": q, "output": kl, "grad_output": g,
                                         "grad.logits_p": pl.grad, "grad.logits_q": ql.grad})


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    layer_norm(out_dir)
    rms_norm(out_dir)
    unary(out_dir, "gelu_new", lambda x: F.gelu(x, approximate="tanh"), randn(4, 9, scale=3.0))
    unary(out_dir, "gelu", F.gelu, randn(4, 9, scale=3.0))
    unary(out_dir, "silu", F.silu, randn(4, 9, scale=3.0))
    softmaxes(out_dir)
    attention(out_dir)
    rotary(out_dir)
    cross_entropy(out_dir)
    kl_divergence(out_dir)


if __name__ == "__main__":
    main(sys.argv[1])
