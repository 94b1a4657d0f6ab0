"""PyTorch side of `circuit-bench bench model`: the same GPT-2-shaped model, batch and objective.

A plain PyTorch GPT-2 (pre-LayerNorm, learned positions, gelu_new, tied unembedding, causal attention)
with random weights. forward_s: one forward under no_grad. forward_backward_s: forward, then backward of
L = Σ_b logsumexp(logits[b, -1]) to every parameter (and so every activation). Medians after warm-up.

Usage: python3 tools/reference/bench_gpt2_torch.py --preset gpt2-small --batch 8 --seq 64 --threads 2
Prints one JSON line like the C# command.
"""
import argparse
import json
import math
import resource
import statistics
import time

import torch

PRESETS = {
    "gpt2-small": dict(n_layer=12, n_head=12, d_model=768, vocab=50257, n_ctx=1024),
    "gpt2-medium": dict(n_layer=24, n_head=16, d_model=1024, vocab=50257, n_ctx=1024),
}


class Gpt2(torch.nn.Module):
    def __init__(self, n_layer, n_head, d_model, vocab, n_ctx):
        super().__init__()
        self.n_head = n_head
        p = lambda *s: torch.nn.Parameter(torch.randn(*s) * 0.02)
        z = lambda *s: torch.nn.Parameter(torch.zeros(*s))
        o = lambda *s: torch.nn.Parameter(torch.ones(*s))
        self.wte, self.wpe = p(vocab, d_model), p(n_ctx, d_model)
        self.blocks = torch.nn.ModuleList()
        for _ in range(n_layer):
            b = torch.nn.Module()
            b.ln1_w, b.ln1_b, b.ln2_w, b.ln2_b = o(d_model), z(d_model), o(d_model), z(d_model)
            b.c_attn_w, b.c_attn_b = p(d_model, 3 * d_model), z(3 * d_model)
            b.c_proj_w, b.c_proj_b = p(d_model, d_model), z(d_model)
            b.fc_w, b.fc_b = p(d_model, 4 * d_model), z(4 * d_model)
            b.proj_w, b.proj_b = p(4 * d_model, d_model), z(d_model)
            self.blocks.append(b)
        self.lnf_w, self.lnf_b = o(d_model), z(d_model)

    def forward(self, ids):
        b, s = ids.shape
        d = self.wte.shape[1]
        h, dh = self.n_head, d // self.n_head
        x = self.wte[ids] + self.wpe[:s]
        causal = torch.triu(torch.full((s, s), float("-inf")), diagonal=1)
        for blk in self.blocks:
            a = torch.nn.functional.layer_norm(x, (d,), blk.ln1_w, blk.ln1_b)
            q, k, v = torch.addmm(blk.c_attn_b, a.view(-1, d), blk.c_attn_w).view(b, s, 3, h, dh).permute(2, 0, 3, 1, 4)
            att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(dh) + causal, dim=-1)
            z = (att @ v).transpose(1, 2).reshape(-1, d)
            x = x + torch.addmm(blk.c_proj_b, z, blk.c_proj_w).view(b, s, d)
            m = torch.nn.functional.layer_norm(x, (d,), blk.ln2_w, blk.ln2_b).view(-1, d)
            m = torch.nn.functional.gelu(torch.addmm(blk.fc_b, m, blk.fc_w), approximate="tanh")
            x = x + torch.addmm(blk.proj_b, m, blk.proj_w).view(b, s, d)
        x = torch.nn.functional.layer_norm(x, (d,), self.lnf_w, self.lnf_b)
        return x @ self.wte.T


def median_time(fn, repeats, warmup=2):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", default="gpt2-small", choices=sorted(PRESETS))
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seq", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = Gpt2(**PRESETS[args.preset])
    ids = torch.randint(0, PRESETS[args.preset]["vocab"], (args.batch, args.seq))

    def forward():
        with torch.no_grad():
            model(ids)

    def forward_backward():
        model.zero_grad(set_to_none=True)
        torch.logsumexp(model(ids)[:, -1], dim=-1).sum().backward()

    fwd = median_time(forward, args.repeats)
    fwd_bwd = median_time(forward_backward, args.repeats)
    print(json.dumps({"implementation": f"pytorch {torch.__version__}", "preset": args.preset, "batch": args.batch,
                      "seq": args.seq, "threads": torch.get_num_threads(), "forward_s": round(fwd, 4),
                      "forward_backward_s": round(fwd_bwd, 4), "tokens_per_s": round(args.batch * args.seq / fwd_bwd, 1),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


if __name__ == "__main__":
    main()
