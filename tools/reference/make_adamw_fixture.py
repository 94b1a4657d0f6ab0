"""Writes a golden fixture for CircuitBench's training step pieces, computed with PyTorch in float32:
torch.optim.AdamW (decoupled weight decay on one parameter group, none on the other), clip_grad_norm_ (global L2 norm)
and a linear warm-up + cosine learning-rate schedule through LambdaLR.

Usage: /usr/bin/python3 tools/reference/make_adamw_fixture.py tests/CircuitBench.Models.Tests/Fixtures/training/adamw.json
The JSON holds the settings, the initial parameters, each step's raw gradients, and after each step the learning rate
used, the gradient norm before clipping and the parameters.
"""
import json
import math
import sys

import torch

GEN = torch.Generator().manual_seed(20240612)
PEAK, MIN_LR, WARMUP, TOTAL = 0.05, 0.005, 2, 6
BETAS, EPS, DECAY, MAX_NORM = (0.9, 0.95), 1e-8, 0.1, 1.0


def lr_factor(step):
    """The schedule of WarmupCosineSchedule, as a multiple of the peak (LambdaLR's convention)."""
    if step < WARMUP:
        return (step + 1) / WARMUP
    progress = min(1.0, (step - WARMUP) / max(1, TOTAL - WARMUP))
    return (MIN_LR + 0.5 * (PEAK - MIN_LR) * (1 + math.cos(math.pi * progress))) / PEAK


def main(out_file):
    weight = torch.randn(3, 4, generator=GEN).requires_grad_(True)
    bias = torch.randn(4, generator=GEN).requires_grad_(True)
    initial = {"weight": weight.detach().clone(), "bias": bias.detach().clone()}
    optimizer = torch.optim.AdamW(
        [{"params": [weight], "weight_decay": DECAY}, {"params": [bias], "weight_decay": 0.0}],
        lr=PEAK, betas=BETAS, eps=EPS, foreach=False)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_factor)
    steps = []
    for step in range(TOTAL):
        # Large gradients on early steps so that clipping acts; small ones later so that it does not.
        scale = 3.0 if step < 3 else 0.1
        grads = {"weight": torch.randn(3, 4, generator=GEN) * scale, "bias": torch.randn(4, generator=GEN) * scale}
        weight.grad, bias.grad = grads["weight"].clone(), grads["bias"].clone()
        lr = optimizer.param_groups[0]["lr"]
        norm = torch.nn.utils.clip_grad_norm_([weight, bias], MAX_NORM)
        optimizer.step()
        schedule.step()
        steps.append({"grads": {k: v.reshape(-1).tolist() for k, v in grads.items()}, "lr": lr, "grad_norm": norm.item(),
                      "after": {"weight": weight.detach().reshape(-1).tolist(), "bias": bias.detach().reshape(-1).tolist()}})
    doc = {"source": "tools/reference/make_adamw_fixture.py", "torch": torch.__version__,
           "settings": {"peak_lr": PEAK, "min_lr": MIN_LR, "warmup": WARMUP, "total": TOTAL, "beta1": BETAS[0],
                        "beta2": BETAS[1], "eps": EPS, "weight_decay": DECAY, "max_norm": MAX_NORM},
           "initial": {k: v.reshape(-1).tolist() for k, v in initial.items()}, "steps": steps}
    with open(out_file, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
