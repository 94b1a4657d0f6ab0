"""Writes a tiny random GPT-2 checkpoint in the Hugging Face layout plus golden activations and gradients.

An independent plain-PyTorch GPT-2 (no transformers package): pre-LayerNorm blocks, learned positions,
gelu_new, tied unembedding, causal attention over right-padded rows. For a batch of two prompts of
different lengths it records the logits, the activation at every TransformerLens hook point and the
gradient there of L = Σ_b logsumexp(logits[b, last real position of b]).

Usage: python3 tools/reference/make_gpt2_fixture.py OUT_DIR
Writes OUT_DIR/model/{config.json, model.safetensors} and OUT_DIR/golden.safetensors.
"""
import json
import math
import os
import sys

import torch

from safetensors_io import save

N_LAYER, N_HEAD, N_EMBD, N_CTX, VOCAB, EPS = 2, 4, 32, 16, 50, 1e-5
D_HEAD, D_MLP = N_EMBD // N_HEAD, 4 * N_EMBD
TOKENS = [[7, 3, 41, 9, 0, 22, 18], [5, 49, 12, 30]]


def make_weights(gen):
    def normal(*shape, std=0.2):
        return torch.randn(*shape, generator=gen) * std

    w = {"wte.weight": normal(VOCAB, N_EMBD), "wpe.weight": normal(N_CTX, N_EMBD, std=0.1)}
    for l in range(N_LAYER):
        p = f"h.{l}."
        w[p + "ln_1.weight"] = 1 + normal(N_EMBD, std=0.1)
        w[p + "ln_1.bias"] = normal(N_EMBD, std=0.1)
        w[p + "attn.c_attn.weight"] = normal(N_EMBD, 3 * N_EMBD)
        w[p + "attn.c_attn.bias"] = normal(3 * N_EMBD, std=0.05)
        w[p + "attn.c_proj.weight"] = normal(N_EMBD, N_EMBD)
        w[p + "attn.c_proj.bias"] = normal(N_EMBD, std=0.05)
        w[p + "ln_2.weight"] = 1 + normal(N_EMBD, std=0.1)
        w[p + "ln_2.bias"] = normal(N_EMBD, std=0.1)
        w[p + "mlp.c_fc.weight"] = normal(N_EMBD, D_MLP)
        w[p + "mlp.c_fc.bias"] = normal(D_MLP, std=0.05)
        w[p + "mlp.c_proj.weight"] = normal(D_MLP, N_EMBD)
        w[p + "mlp.c_proj.bias"] = normal(N_EMBD, std=0.05)
    w["ln_f.weight"] = 1 + normal(N_EMBD, std=0.1)
    w["ln_f.bias"] = normal(N_EMBD, std=0.1)
    return w


def gelu_new(x):
    return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def forward(w, ids, lengths):
    """Returns logits and a dict of hook-point activations (each retains its gradient)."""
    acts = {}

    def hook(name, x):
        x.retain_grad()
        acts[name] = x
        return x

    b, s = ids.shape
    ln = lambda x, p: torch.nn.functional.layer_norm(x, (N_EMBD,), w[p + ".weight"], w[p + ".bias"], EPS)
    embed = hook("hook_embed", w["wte.weight"][ids])
    pos = hook("hook_pos_embed", w["wpe.weight"][torch.arange(s)].expand(b, s, N_EMBD).clone())
    resid = embed + pos
    key_ok = torch.arange(s)[None, :] < lengths[:, None]                       # [b, k]
    allowed = torch.tril(torch.ones(s, s, dtype=torch.bool))[None] & key_ok[:, None, :]  # [b, q, k]
    for l in range(N_LAYER):
        p = f"h.{l}."
        resid = hook(f"blocks.{l}.hook_resid_pre", resid)
        x = ln(resid, p + "ln_1")
        qkv = x @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]
        q, k, v = [hook(f"blocks.{l}.attn.hook_{n}", t.reshape(b, s, N_HEAD, D_HEAD))
                   for n, t in zip("qkv", qkv.split(N_EMBD, dim=-1))]
        scores = torch.einsum("bqhd,bkhd->bhqk", q, k) / math.sqrt(D_HEAD)
        scores = scores.masked_fill(~allowed[:, None], float("-inf"))
        pattern = hook(f"blocks.{l}.attn.hook_pattern", torch.softmax(scores, dim=-1))
        z = hook(f"blocks.{l}.attn.hook_z", torch.einsum("bhqk,bkhd->bqhd", pattern, v))
        w_o = w[p + "attn.c_proj.weight"].reshape(N_HEAD, D_HEAD, N_EMBD)
        result = hook(f"blocks.{l}.attn.hook_result", torch.einsum("bqhd,hdm->bqhm", z, w_o))
        attn_out = hook(f"blocks.{l}.hook_attn_out", result.sum(dim=2) + w[p + "attn.c_proj.bias"])
        resid = hook(f"blocks.{l}.hook_resid_mid", resid + attn_out)
        mlp_in = hook(f"blocks.{l}.hook_mlp_in", resid.clone())
        pre = hook(f"blocks.{l}.mlp.hook_pre", ln(mlp_in, p + "ln_2") @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"])
        post = hook(f"blocks.{l}.mlp.hook_post", gelu_new(pre))
        mlp_out = hook(f"blocks.{l}.hook_mlp_out", post @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"])
        resid = hook(f"blocks.{l}.hook_resid_post", resid + mlp_out)
    final = hook("ln_final.hook_normalized", ln(resid, "ln_f"))
    return final @ w["wte.weight"].T, acts


def main(out_dir):
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1234)
    w = {k: v.requires_grad_(True) for k, v in make_weights(gen).items()}
    b, s = len(TOKENS), max(len(t) for t in TOKENS)
    ids = torch.zeros(b, s, dtype=torch.int64)
    for i, t in enumerate(TOKENS):
        ids[i, :len(t)] = torch.tensor(t)
    lengths = torch.tensor([len(t) for t in TOKENS])
    logits, acts = forward(w, ids, lengths)
    last = logits[torch.arange(b), lengths - 1]                              # [b, vocab]
    torch.logsumexp(last, dim=-1).sum().backward()

    model_dir = os.path.join(out_dir, "model")
    os.makedirs(model_dir, exist_ok=True)
    config = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "n_layer": N_LAYER, "n_head": N_HEAD,
              "n_embd": N_EMBD, "n_positions": N_CTX, "n_ctx": N_CTX, "vocab_size": VOCAB, "n_inner": None,
              "layer_norm_epsilon": EPS, "activation_function": "gelu_new", "bos_token_id": VOCAB - 1,
              "eos_token_id": VOCAB - 1, "tie_word_embeddings": True}
    with open(os.path.join(model_dir, "config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)
    save(os.path.join(model_dir, "model.safetensors"), {"transformer." + k: v for k, v in w.items()}, {"format": "pt"})

    golden = {"tokens": ids, "lengths": lengths, "logits": logits}
    for name, a in acts.items():
        golden["act." + name] = a
        golden["grad." + name] = a.grad
    save(os.path.join(out_dir, "golden.safetensors"), golden, {"torch": torch.__version__, "loss": "sum_b logsumexp(logits[b, last])"})


if __name__ == "__main__":
    main(sys.argv[1])
