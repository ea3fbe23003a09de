#!/usr/bin/python3
"""Makes the tiny llama and qwen2 test checkpoints and their float64 reference numbers.

Writes, under model-server/src/test/resources/{tiny-llama,tiny-qwen2}/:
config.json, generation_config.json, model.safetensors (bfloat16, written here with struct/json,
no safetensors library) and expected.json (the same layout as hf-tiny-qwen3/expected.json).

The reference forward pass is written from the Hugging Face modelling conventions
(transformers' modeling_llama / modeling_qwen2 / modeling_qwen3), independently of the Java code:
RMSNorm x * rsqrt(mean(x^2) + eps) * w; rotate-half RoPE with inv_freq = theta^(-2i/d) and the
llama3 / linear rope_scaling adjustments of transformers' rope init functions; grouped-query
attention by repeating each key/value head n_rep times (repeat_kv); SwiGLU MLP; q/k RMSNorm per
head before RoPE for qwen3; q/k/v biases for qwen2. Weights are widened from bf16 exactly and
everything runs in float64 with torch (1.13 is enough). Token ids are given directly.

Usage:
  /usr/bin/python3 make_hf_fixtures.py              # (re)write both fixtures
  /usr/bin/python3 make_hf_fixtures.py --check DIR   # recompute DIR/expected.json (e.g. hf-tiny-qwen3)
                                              # from DIR's checkpoint and compare
"""
import json
import math
import os
import random
import struct
import sys

import torch

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(HERE, "..", "resources")


# ---------------------------------------------------------------- safetensors by hand

def write_bf16_safetensors(path, tensors):
    """tensors: list of (name, float64 tensor); stored as BF16, metadata format=pt."""
    header = {"__metadata__": {"format": "pt"}}
    blobs = []
    offset = 0
    for name, t in tensors:
        raw = t.to(torch.bfloat16).contiguous().view(torch.int16).numpy().astype("<i2").tobytes()
        header[name] = {"dtype": "BF16", "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        blobs.append(raw)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    """name -> float64 tensor (BF16, F16, F32 widened exactly)."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        a, b = e["data_offsets"]
        raw = bytearray(data[a:b])
        if e["dtype"] == "BF16":
            t = torch.frombuffer(raw, dtype=torch.int16).view(torch.bfloat16)
        elif e["dtype"] == "F16":
            t = torch.frombuffer(raw, dtype=torch.float16)
        elif e["dtype"] == "F32":
            t = torch.frombuffer(raw, dtype=torch.float32)
        else:
            raise ValueError(name + ": dtype " + e["dtype"])
        out[name] = t.to(torch.float64).reshape(e["shape"]).clone()
    return out


def bf16(t):
    """The float64 value of t rounded to bfloat16 (what the file holds)."""
    return t.to(torch.bfloat16).to(torch.float64)


# ---------------------------------------------------------------- the reference model

def inv_freq(cfg):
    hd = head_dim(cfg)
    base = float(cfg.get("rope_theta", 10000.0))
    f = 1.0 / (base ** (torch.arange(0, hd, 2, dtype=torch.float64) / hd))
    s = cfg.get("rope_scaling")
    kind = None if s is None else s.get("rope_type", s.get("type"))
    if kind in (None, "default"):
        return f
    if kind == "linear":
        return f / s["factor"]
    if kind == "llama3":
        factor = s["factor"]
        low, high = s["low_freq_factor"], s["high_freq_factor"]
        old = s["original_max_position_embeddings"]
        low_wavelen, high_wavelen = old / low, old / high
        wavelen = 2 * math.pi / f
        scaled = torch.where(wavelen > low_wavelen, f / factor, f)
        smooth = (old / wavelen - low) / (high - low)
        smoothed = (1 - smooth) * scaled / factor + smooth * scaled
        medium = ~(wavelen < high_wavelen) * ~(wavelen > low_wavelen)
        return torch.where(medium, smoothed, scaled)
    raise ValueError("rope_scaling " + str(kind))


def head_dim(cfg):
    return cfg.get("head_dim") or cfg["hidden_size"] // cfg["num_attention_heads"]


def rms_norm(x, w, eps):
    return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def forward(cfg, w, ids):
    """Logits (T, vocab) of one sequence at positions 0..T-1."""
    kind = cfg["model_type"]
    eps = cfg["rms_norm_eps"]
    heads = cfg["num_attention_heads"]
    kv_heads = cfg.get("num_key_value_heads") or heads
    hd = head_dim(cfg)
    n_rep = heads // kv_heads
    qkv_bias = kind == "qwen2" or cfg.get("attention_bias", False)
    o_bias = kind != "qwen2" and cfg.get("attention_bias", False)
    T = len(ids)
    x = w["model.embed_tokens.weight"][torch.tensor(ids)]
    freqs = torch.outer(torch.arange(T, dtype=torch.float64), inv_freq(cfg))
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos(), emb.sin()
    mask = torch.full((T, T), float("-inf")).triu(1)
    for layer in range(cfg["num_hidden_layers"]):
        p = "model.layers.%d." % layer
        a = p + "self_attn."
        h = rms_norm(x, w[p + "input_layernorm.weight"], eps)

        def proj(name, n):
            y = h @ w[a + name + ".weight"].T
            if qkv_bias:
                y = y + w[a + name + ".bias"]
            return y.view(T, n, hd)

        q, k, v = proj("q_proj", heads), proj("k_proj", kv_heads), proj("v_proj", kv_heads)
        if kind == "qwen3":
            q = rms_norm(q, w[a + "q_norm.weight"], eps)
            k = rms_norm(k, w[a + "k_norm.weight"], eps)
        q, k, v = q.transpose(0, 1), k.transpose(0, 1), v.transpose(0, 1)  # (heads, T, hd)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k[:, None].expand(kv_heads, n_rep, T, hd).reshape(heads, T, hd)  # repeat_kv
        v = v[:, None].expand(kv_heads, n_rep, T, hd).reshape(heads, T, hd)
        att = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(hd) + mask, dim=-1)
        y = (att @ v).transpose(0, 1).reshape(T, heads * hd)
        y = y @ w[a + "o_proj.weight"].T
        if o_bias:
            y = y + w[a + "o_proj.bias"]
        x = x + y
        h = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        g = h @ w[p + "mlp.gate_proj.weight"].T
        u = h @ w[p + "mlp.up_proj.weight"].T
        x = x + (torch.nn.functional.silu(g) * u) @ w[p + "mlp.down_proj.weight"].T
    x = rms_norm(x, w["model.norm.weight"], eps)
    head = w["model.embed_tokens.weight"] if cfg.get("tie_word_embeddings") else w["lm_head.weight"]
    return x @ head.T


def reference(cfg, weights, pairs, greedy_steps=8):
    """expected.json content for id pairs [(prompt_ids, completion_ids)]."""
    w = {k: v.clone().requires_grad_(True) for k, v in weights.items()}
    out = []
    for i, (prompt, completion) in enumerate(pairs):
        seq = list(prompt) + list(completion)
        logits = forward(cfg, w, seq)
        logp = torch.log_softmax(logits, dim=-1)
        P = len(prompt)
        lp = torch.stack([logp[P - 1 + j, completion[j]] for j in range(len(completion))])
        last = logits[P - 1].detach()
        lse = torch.logsumexp(last, dim=0)
        order = torch.argsort(last, descending=True)
        gaps = (last[order[:5]] - last[order[1:6]]).min().item()
        assert gaps > 1e-3, "top-5 of pair %d too close to call: %g" % (i, gaps)
        entry = {
            "prompt_ids": list(prompt),
            "completion_ids": list(completion),
            "completion_logprobs": lp.detach().tolist(),
            "next_token_top5": [[int(t), (last[t] - lse).item()] for t in order[:5]],
            "logsumexp_last_prompt_logits": lse.item(),
        }
        if i == 0:
            loss = -lp.sum()
            for t in w.values():
                t.grad = None
            loss.backward()
            entry["loss"] = loss.item()
            entry["grad_l2_norms"] = {k: t.grad.norm().item() for k, t in w.items()}
        out.append(entry)
    seq = list(pairs[0][0])
    greedy = []
    with torch.no_grad():
        for _ in range(greedy_steps):
            last = forward(cfg, weights, seq)[-1]
            top2 = torch.topk(last, 2).values
            assert (top2[0] - top2[1]).item() > 1e-3, "greedy step too close to call"
            greedy.append(int(torch.argmax(last)))
            seq.append(greedy[-1])
    return out, greedy


# ---------------------------------------------------------------- the fixtures

def layout(cfg):
    """(name, shape) in transformers' order."""
    d, V = cfg["hidden_size"], cfg["vocab_size"]
    hd, H = head_dim(cfg), cfg["num_attention_heads"]
    KV = cfg.get("num_key_value_heads") or H
    inter = cfg["intermediate_size"]
    qkv_bias = cfg["model_type"] == "qwen2" or cfg.get("attention_bias", False)
    o_bias = cfg["model_type"] != "qwen2" and cfg.get("attention_bias", False)
    out = [("model.embed_tokens.weight", (V, d))]
    for l in range(cfg["num_hidden_layers"]):
        p = "model.layers.%d." % l
        for name, rows in (("q_proj", H * hd), ("k_proj", KV * hd), ("v_proj", KV * hd)):
            out.append((p + "self_attn.%s.weight" % name, (rows, d)))
            if qkv_bias:
                out.append((p + "self_attn.%s.bias" % name, (rows,)))
        out.append((p + "self_attn.o_proj.weight", (d, H * hd)))
        if o_bias:
            out.append((p + "self_attn.o_proj.bias", (d,)))
        out.append((p + "mlp.gate_proj.weight", (inter, d)))
        out.append((p + "mlp.up_proj.weight", (inter, d)))
        out.append((p + "mlp.down_proj.weight", (d, inter)))
        out.append((p + "input_layernorm.weight", (d,)))
        out.append((p + "post_attention_layernorm.weight", (d,)))
    out.append(("model.norm.weight", (d,)))
    if not cfg.get("tie_word_embeddings"):
        out.append(("lm_head.weight", (V, d)))
    return out


def random_weights(cfg, seed):
    """Sharp random weights (bf16-representable float64): norms near 1, biases non-zero."""
    g = torch.Generator().manual_seed(seed)
    out = []
    for name, shape in layout(cfg):
        if name.endswith("norm.weight"):
            t = 1.0 + 0.3 * torch.randn(shape, generator=g)
        elif name.endswith(".bias"):
            t = 0.5 * torch.randn(shape, generator=g)
        elif "embed_tokens" in name or name == "lm_head.weight":
            t = torch.randn(shape, generator=g)
        else:
            t = 2.0 * torch.randn(shape, generator=g) / math.sqrt(shape[1])
        out.append((name, bf16(t)))
    return out


def id_pairs(vocab, seed):
    rnd = random.Random(seed)

    def ids(n):
        return [rnd.randrange(3, vocab) for _ in range(n)]

    # lengths chosen so RoPE runs to position ~60 and batches need right padding
    return [(ids(7), ids(6)), (ids(3), ids(2)), (ids(48), ids(12)), (ids(1), ids(4))]


LLAMA = {
    "architectures": ["LlamaForCausalLM"],
    "model_type": "llama",
    "vocab_size": 300,
    "hidden_size": 32,
    "intermediate_size": 64,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "hidden_act": "silu",
    "max_position_embeddings": 256,
    "rms_norm_eps": 1e-05,
    "rope_theta": 10000.0,
    # wavelengths 6.3, 63, 628, 6283 against 64/4=16 and 64/1=64: one high (kept), one
    # medium (smoothed) and two low (divided by factor) frequencies
    "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                     "high_freq_factor": 4.0, "original_max_position_embeddings": 64},
    "attention_bias": True,
    "mlp_bias": False,
    "tie_word_embeddings": False,
    "bos_token_id": 1,
    "eos_token_id": 2,
    "torch_dtype": "bfloat16",
}

QWEN2 = {
    "architectures": ["Qwen2ForCausalLM"],
    "model_type": "qwen2",
    "vocab_size": 300,
    "hidden_size": 32,
    "intermediate_size": 80,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 1,
    "hidden_act": "silu",
    "max_position_embeddings": 512,
    "rms_norm_eps": 1e-06,
    "rope_theta": 1000000.0,
    "rope_scaling": None,
    "use_sliding_window": False,
    "tie_word_embeddings": True,
    "bos_token_id": 1,
    "eos_token_id": 2,
    "torch_dtype": "bfloat16",
}


def make(name, cfg, seed):
    d = os.path.join(RESOURCES, name)
    os.makedirs(d, exist_ok=True)
    tensors = random_weights(cfg, seed)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    with open(os.path.join(d, "generation_config.json"), "w") as f:
        json.dump({"bos_token_id": 1, "eos_token_id": [2], "do_sample": True}, f, indent=2)
    write_bf16_safetensors(os.path.join(d, "model.safetensors"), tensors)
    weights = read_safetensors(os.path.join(d, "model.safetensors"))  # what the file holds
    pairs = id_pairs(cfg["vocab_size"], seed)
    out, greedy = reference(cfg, weights, pairs)
    expected = {
        "family": cfg["model_type"],
        "seed": seed,
        "note": "float64 reference (make_hf_fixtures.py) from the bf16 weights; token ids only",
        "pairs": out,
        "greedy_after_pair0": greedy,
    }
    with open(os.path.join(d, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    print(name, "written:", [round(x, 3) for x in out[0]["completion_logprobs"]], greedy)


def check(d):
    """Recomputes d/expected.json from d's checkpoint; prints the largest differences."""
    with open(os.path.join(d, "config.json")) as f:
        cfg = json.load(f)
    with open(os.path.join(d, "expected.json")) as f:
        expected = json.load(f)
    weights = read_safetensors(os.path.join(d, "model.safetensors"))
    pairs = [(p["prompt_ids"], p["completion_ids"]) for p in expected["pairs"]]
    out, greedy = reference(cfg, weights, pairs, len(expected["greedy_after_pair0"]))
    worst = 0.0
    for mine, ref in zip(out, expected["pairs"]):
        for a, b in zip(mine["completion_logprobs"], ref["completion_logprobs"]):
            worst = max(worst, abs(a - b))
        assert [t for t, _ in mine["next_token_top5"]] == [t for t, _ in ref["next_token_top5"]]
        worst = max(worst, abs(mine["logsumexp_last_prompt_logits"]
                               - ref["logsumexp_last_prompt_logits"]))
    rel = max(abs(out[0]["grad_l2_norms"][k] / v - 1)
              for k, v in expected["pairs"][0]["grad_l2_norms"].items())
    assert greedy == expected["greedy_after_pair0"], (greedy, expected["greedy_after_pair0"])
    print("max |logprob diff| %.3g, max grad-norm rel diff %.3g, greedy equal" % (worst, rel))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
    else:
        make("tiny-llama", LLAMA, 11)
        make("tiny-qwen2", QWEN2, 12)
