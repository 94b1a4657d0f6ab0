"""Writes golden edge-attribution scores for a tiny random GPT-2 (Hugging Face layout), computed with PyTorch autograd.

An independent split-input GPT-2 in float64 (weights from make_gpt2_fixture.make_weights, another seed): every
destination input is built explicitly as the sum of its upstream source outputs plus the constant biases
(attention b_O), each head reading its own q, k and v input. Sources: input (wte + wpe), a{l}.h{h} (per-head
result z_h @ W_O[h], without b_O), m{l} (MLP output with its bias). Destinations: a{l}.h{h}<q|k|v>, m{l}, logits.
Metric m: logit difference at the last position (mean logit of the answers − mean of the wrong answers), batch mean.

For every edge s->d, in our canonical order (sources input, a0.h0 … a0.h3, m0, a1.h0 …; destinations per layer
q, k, v of every head, then the MLP, logits last; row-major over [n_src, n_dst]):
  eap       Σ_{b,p} (a_s(corrupt) − a_s(clean)) · ∂m/∂x_d at the clean input
  exact     m(clean run with x_d += a_s(corrupt) − a_s(clean)) − m(clean)
  ig_inputs Σ_{b,p} (a_s(corrupt) − a_s(clean)) · (1/m) Σ_{k=0}^{m−1} ∂m/∂x_d at the input embedding
            e_corrupt + (k/m)(e_clean − e_corrupt)  (EAP-IG's EAP-IG-inputs, m = IG_STEPS)
  ig_activations  Σ_{b,p} (a_s(corrupt) − a_s(clean)) · (1/(N·m)) Σ_c Σ_{k=1}^{m} ∂m/∂x_d on the clean tokens with
            chunk c's output replaced by the constant (k/m) a_c(clean) + (1 − k/m) a_c(corrupt)  (EAP-IG's
            EAP-IG-activations, m = IG_STEPS; the N = 1 + 2·N_LAYER chunks are the input, each layer's heads together
            and each MLP; a constant output cuts every gradient path through its chunk, so its own inputs get no
            gradient)
  clean_corrupted  Σ_{b,p} (a_s(corrupt) − a_s(clean)) · ½ (∂m/∂x_d on the clean tokens + ∂m/∂x_d on the corrupted
            tokens)  (EAP-IG's clean-corrupted; both metrics read the clean prompts' answers)

Usage: python3 tools/reference/make_eap_fixture.py OUT_DIR
Writes OUT_DIR/model/{config.json, model.safetensors} and OUT_DIR/scores.safetensors (edge names in its metadata).
"""
import json
import math
import os
import sys

import torch

from make_gpt2_fixture import EPS, N_CTX, N_EMBD, N_HEAD, N_LAYER, VOCAB, D_HEAD, gelu_new, make_weights
from safetensors_io import save

CLEAN = [[7, 3, 41, 9, 0, 22], [5, 49, 12, 30, 8, 17]]
CORRUPT = [[7, 3, 40, 9, 2, 22], [5, 48, 12, 31, 8, 17]]
ANSWERS = [[3], [11, 19]]
WRONG = [[5], [2]]
IG_STEPS = 5


def sources():
    names = ["input"]
    for l in range(N_LAYER):
        names += [f"a{l}.h{h}" for h in range(N_HEAD)] + [f"m{l}"]
    return names


def destinations():
    names = []
    for l in range(N_LAYER):
        names += [f"a{l}.h{h}<{x}>" for x in "qkv" for h in range(N_HEAD)] + [f"m{l}"]
    return names + ["logits"]


def layer_of(name):
    """Source/destination layer: input −1, a{l}/m{l} l, logits N_LAYER."""
    if name == "input":
        return -1
    if name == "logits":
        return N_LAYER
    return int(name[1:].split(".")[0].split("<")[0])


def feeds(src, dst):
    if src == "input":
        return True
    ls, ld = layer_of(src), layer_of(dst)
    return ls < ld or (src.startswith("a") and dst.startswith("m") and ls == ld)


def edges():
    return [(s, d) for s in sources() for d in destinations() if feeds(s, d)]


class Run:
    """One split-input forward. shift[d] [b, p, d_model] is added to destination input d; replace[s] [b, p, d_model]
    is a constant that stands in for source s's output (its own computation is cut off from the graph); inputs keep
    their gradients."""

    def __init__(self, w, ids, embedding=None, shift=None, replace=None):
        shift = shift or {}
        replace = replace or {}
        b, s = ids.shape
        ln = lambda x, p: torch.nn.functional.layer_norm(x, (N_EMBD,), w[p + ".weight"], w[p + ".bias"], EPS)
        causal = torch.tril(torch.ones(s, s, dtype=torch.bool))
        self.outputs = {}                                                            # source -> [b, p, d_model]
        self.inputs = {}                                                             # destination -> [b, p, d_model]
        e = embedding if embedding is not None else w["wte.weight"][ids] + w["wpe.weight"][:s]
        self.outputs["input"] = e.detach().clone().requires_grad_(torch.is_grad_enabled())   # the differentiable graph starts here
        biases = torch.zeros(b, s, N_EMBD, dtype=torch.float64)                     # Σ b_O of earlier attention layers

        def read(dst):
            x = sum(a for src, a in self.outputs.items() if feeds(src, dst)) + biases
            x = x + shift.get(dst, 0)
            if x.requires_grad:
                x.retain_grad()
            self.inputs[dst] = x
            return x

        for l in range(N_LAYER):
            p = f"h.{l}."
            wqkv, bqkv = w[p + "attn.c_attn.weight"], w[p + "attn.c_attn.bias"]
            w_o = w[p + "attn.c_proj.weight"].reshape(N_HEAD, D_HEAD, N_EMBD)
            results = {}
            for h in range(N_HEAD):
                qkv = []
                for i, x in enumerate("qkv"):
                    cols = slice(i * N_EMBD + h * D_HEAD, i * N_EMBD + (h + 1) * D_HEAD)
                    qkv.append(ln(read(f"a{l}.h{h}<{x}>"), p + "ln_1") @ wqkv[:, cols] + bqkv[cols])   # [b, p, d_head]
                q, k, v = qkv
                scores = (q @ k.transpose(1, 2) / math.sqrt(D_HEAD)).masked_fill(~causal, float("-inf"))
                results[f"a{l}.h{h}"] = torch.softmax(scores, dim=-1) @ v @ w_o[h]     # [b, p, d_model]
            results = {s: replace[s].detach() if s in replace else a for s, a in results.items()}
            self.outputs.update(results)
            biases = biases + w[p + "attn.c_proj.bias"]
            pre = ln(read(f"m{l}"), p + "ln_2") @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"]
            self.outputs[f"m{l}"] = gelu_new(pre) @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
            if f"m{l}" in replace:
                self.outputs[f"m{l}"] = replace[f"m{l}"].detach()
        self.logits = ln(read("logits"), "ln_f") @ w["wte.weight"].T                  # [b, p, vocab]

    def metric(self):
        last = self.logits[:, -1]                                                    # [b, vocab]
        good = torch.stack([last[i, a].mean() for i, a in enumerate(ANSWERS)])
        bad = torch.stack([last[i, a].mean() for i, a in enumerate(WRONG)])
        return (good - bad).mean()


def gradient_scores(w, ids, delta, embedding=None, replace=None):
    """Σ_{b,p} delta[s] · ∂m/∂x_d for every edge, gradients taken on a run of ids (optionally with its embedding or
    some source outputs replaced). A destination the metric does not depend on (grad None) has gradient 0."""
    run = Run(w, ids, embedding, replace=replace)
    run.metric().backward()
    grad = lambda d: run.inputs[d].grad if run.inputs[d].grad is not None else torch.zeros_like(run.inputs[d])
    return torch.tensor([(delta[s] * grad(d)).sum().item() for s, d in edges()], dtype=torch.float64)


def chunks():
    """EAP-IG-activations' source chunks in forward order: the input, then per layer its heads together and its MLP."""
    out = [["input"]]
    for l in range(N_LAYER):
        out += [[f"a{l}.h{h}" for h in range(N_HEAD)], [f"m{l}"]]
    return out


def main(out_dir):
    gen = torch.Generator().manual_seed(4321)
    w32 = make_weights(gen)
    w = {k: v.double() for k, v in w32.items()}
    clean_ids, corrupt_ids = torch.tensor(CLEAN), torch.tensor(CORRUPT)
    with torch.no_grad():
        clean, corrupt = Run(w, clean_ids), Run(w, corrupt_ids)
    delta = {s: corrupt.outputs[s] - clean.outputs[s] for s in sources()}
    baseline = clean.metric().item()

    eap = gradient_scores(w, clean_ids, delta)
    with torch.no_grad():
        exact = torch.tensor([Run(w, clean_ids, shift={d: delta[s]}).metric().item() - baseline for s, d in edges()], dtype=torch.float64)
    e_clean, e_corrupt = clean.outputs["input"], corrupt.outputs["input"]
    ig = sum(gradient_scores(w, clean_ids, delta, e_corrupt + (k / IG_STEPS) * (e_clean - e_corrupt)) for k in range(IG_STEPS)) / IG_STEPS

    def interpolated(chunk, alpha):
        """Chunk's outputs at α a(clean) + (1 − α) a(corrupt): the input through the embedding, the others replaced."""
        values = {s: alpha * clean.outputs[s] + (1 - alpha) * corrupt.outputs[s] for s in chunk}
        return (values["input"], None) if chunk == ["input"] else (None, values)

    ig_activations = sum(gradient_scores(w, clean_ids, delta, *interpolated(chunk, k / IG_STEPS))
                         for chunk in chunks() for k in range(1, IG_STEPS + 1)) / (len(chunks()) * IG_STEPS)
    clean_corrupted = (gradient_scores(w, clean_ids, delta) + gradient_scores(w, corrupt_ids, delta)) / 2

    model_dir = os.path.join(out_dir, "model")
    os.makedirs(model_dir, exist_ok=True)
    config = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "n_layer": N_LAYER, "n_head": N_HEAD,
              "n_embd": N_EMBD, "n_positions": N_CTX, "n_ctx": N_CTX, "vocab_size": VOCAB, "n_inner": None,
              "layer_norm_epsilon": EPS, "activation_function": "gelu_new", "bos_token_id": VOCAB - 1,
              "eos_token_id": VOCAB - 1, "tie_word_embeddings": True}
    with open(os.path.join(model_dir, "config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)
    save(os.path.join(model_dir, "model.safetensors"), {"transformer." + k: v for k, v in w32.items()}, {"format": "pt"})
    scores = {"clean": clean_ids, "corrupt": corrupt_ids, "eap": eap.float(), "exact": exact.float(), "ig_inputs": ig.float(),
              "ig_activations": ig_activations.float(), "clean_corrupted": clean_corrupted.float()}
    metadata = {"torch": torch.__version__, "edges": json.dumps([f"{s}->{d}" for s, d in edges()]), "answers": json.dumps(ANSWERS),
                "wrong_answers": json.dumps(WRONG), "ig_steps": IG_STEPS, "metric": "logit-diff at the last position, batch mean"}
    save(os.path.join(out_dir, "scores.safetensors"), scores, metadata)


if __name__ == "__main__":
    main(sys.argv[1])
