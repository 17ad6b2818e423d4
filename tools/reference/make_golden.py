#!/usr/bin/env python3
"""Golden data for the GPTailor decoder tests: an independent float64 reference of the Hugging Face Llama forward.

Written from the math (RMSNorm, rotary embeddings with rotate_half and the linear / llama3 frequency scalings,
grouped-query causal attention, SwiGLU MLP, tied or untied head); it does NOT import transformers. Every sequence is
run on its own (no batching, no padding), so the batched, padded C# path is checked against unbatched math.

For each small random model it writes a Hugging Face directory (config.json + model.safetensors written with
struct/json) in float32 and in bfloat16, plus one sharded float32 copy with model.safetensors.index.json, and
golden.json with per-token log-probabilities (float64) and total NLL for each sequence:
  - "f32": reference computed from the float32 weights;
  - "bf16": reference computed from the bfloat16-rounded weights (what the bf16 files hold).

Usage (Debian bookworm: apt-get install python3-torch python3-numpy):
  /usr/bin/python3 tools/reference/make_golden.py [output_dir]
"""
import json
import math
import os
import struct
import sys

import numpy as np
import torch

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "..", "tests", "GPTailor.Models.Tests", "TestData", "golden")

BASE = dict(vocab_size=96, hidden_size=32, intermediate_size=48, num_hidden_layers=2,
            num_attention_heads=4, num_key_value_heads=4, rms_norm_eps=1e-6, rope_theta=10000.0,
            max_position_embeddings=128, hidden_act="silu", bos_token_id=1, eos_token_id=2)

MODELS = {
    "llama_tied": dict(architectures=["LlamaForCausalLM"], model_type="llama", tie_word_embeddings=True,
                       rms_norm_eps=1e-5),
    "llama_untied_bias": dict(architectures=["LlamaForCausalLM"], model_type="llama", tie_word_embeddings=False,
                              attention_bias=True, num_hidden_layers=3),
    "mistral_gqa": dict(architectures=["MistralForCausalLM"], model_type="mistral", tie_word_embeddings=False,
                        num_key_value_heads=2, sliding_window=4096),
    "qwen2_bias": dict(architectures=["Qwen2ForCausalLM"], model_type="qwen2", tie_word_embeddings=True,
                       num_key_value_heads=1, use_sliding_window=False, rope_theta=1000000.0),
    "llama3_rope": dict(architectures=["LlamaForCausalLM"], model_type="llama", tie_word_embeddings=False,
                        num_key_value_heads=2, head_dim=16, rope_theta=500000.0,
                        rope_scaling=dict(rope_type="llama3", factor=8.0, low_freq_factor=1.0,
                                          high_freq_factor=4.0, original_max_position_embeddings=64)),
    "linear_rope": dict(architectures=["LlamaForCausalLM"], model_type="llama", tie_word_embeddings=True,
                        rope_theta=100.0, rope_scaling=dict(type="linear", factor=4.0)),
}

SEQUENCE_LENGTHS = [17, 5, 24, 2, 11]
SHARDED_MODEL = "llama_untied_bias"


def layer_names(cfg, i):
    p = f"model.layers.{i}."
    names = [p + "input_layernorm.weight", p + "self_attn.q_proj.weight", p + "self_attn.k_proj.weight",
             p + "self_attn.v_proj.weight", p + "self_attn.o_proj.weight", p + "post_attention_layernorm.weight",
             p + "mlp.gate_proj.weight", p + "mlp.up_proj.weight", p + "mlp.down_proj.weight"]
    if cfg["model_type"] == "qwen2" or cfg.get("attention_bias"):
        names += [p + "self_attn.q_proj.bias", p + "self_attn.k_proj.bias", p + "self_attn.v_proj.bias"]
    if cfg["model_type"] == "llama" and cfg.get("attention_bias"):
        names += [p + "self_attn.o_proj.bias"]
    return names


def make_weights(cfg, seed):
    g = torch.Generator().manual_seed(seed)
    h, inter, v = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
    hd = cfg.get("head_dim", h // cfg["num_attention_heads"])
    qd, kvd = cfg["num_attention_heads"] * hd, cfg["num_key_value_heads"] * hd

    def randn(*shape, std):
        return torch.randn(*shape, generator=g, dtype=torch.float32) * std

    def norm():
        return 1.0 + randn(h, std=0.1)

    w = {"model.embed_tokens.weight": randn(v, h, std=0.3)}
    shapes = {"input_layernorm.weight": None, "post_attention_layernorm.weight": None,
              "self_attn.q_proj.weight": (qd, h), "self_attn.k_proj.weight": (kvd, h),
              "self_attn.v_proj.weight": (kvd, h), "self_attn.o_proj.weight": (h, qd),
              "mlp.gate_proj.weight": (inter, h), "mlp.up_proj.weight": (inter, h), "mlp.down_proj.weight": (h, inter),
              "self_attn.q_proj.bias": (qd,), "self_attn.k_proj.bias": (kvd,), "self_attn.v_proj.bias": (kvd,),
              "self_attn.o_proj.bias": (h,)}
    for i in range(cfg["num_hidden_layers"]):
        for name in layer_names(cfg, i):
            key = name.split(f"layers.{i}.")[1]
            shape = shapes[key]
            if shape is None:
                w[name] = norm()
            else:
                fan_in = shape[1] if len(shape) == 2 else 1
                std = 0.1 if len(shape) == 1 else 1.0 / math.sqrt(fan_in)
                w[name] = randn(*shape, std=std)
    w["model.norm.weight"] = norm()
    if not cfg["tie_word_embeddings"]:
        w["lm_head.weight"] = randn(v, h, std=0.3)
    return w


def inverse_frequencies(cfg):
    hd = cfg.get("head_dim", cfg["hidden_size"] // cfg["num_attention_heads"])
    inv = 1.0 / (cfg["rope_theta"] ** (np.arange(0, hd, 2, dtype=np.float64) / hd))
    s = cfg.get("rope_scaling")
    kind = None if s is None else s.get("rope_type", s.get("type"))
    if kind == "linear":
        inv = inv / s["factor"]
    elif kind == "llama3":
        factor, low, high = s["factor"], s["low_freq_factor"], s["high_freq_factor"]
        old = s["original_max_position_embeddings"]
        out = []
        for f in inv:
            wavelength = 2 * math.pi / f
            if wavelength < old / high:          # high frequency: unchanged
                out.append(f)
            elif wavelength > old / low:         # low frequency: divided by the factor
                out.append(f / factor)
            else:                                # in between: interpolate
                smooth = (old / wavelength - low) / (high - low)
                out.append((1 - smooth) * f / factor + smooth * f)
        inv = np.array(out, dtype=np.float64)
    return torch.tensor(inv, dtype=torch.float64)


def rms_norm(x, weight, eps):
    return weight * (x / torch.sqrt((x * x).mean(-1, keepdim=True) + eps))


def rotate(x, cos, sin):
    half = x.shape[-1] // 2
    rotated = torch.cat([-x[..., half:], x[..., :half]], -1)
    return x * cos + rotated * sin


def reference_logprobs(cfg, w, ids):
    """float64 log-softmax of the next-token logits for one unpadded sequence: [T, vocab]."""
    w = {k: t.double() for k, t in w.items()}
    n_heads, n_kv = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg.get("head_dim", cfg["hidden_size"] // n_heads)
    eps = cfg["rms_norm_eps"]
    T = len(ids)
    x = w["model.embed_tokens.weight"][torch.tensor(ids)]
    angles = torch.arange(T, dtype=torch.float64)[:, None] * inverse_frequencies(cfg)[None, :]
    angles = torch.cat([angles, angles], -1)
    cos, sin = torch.cos(angles), torch.sin(angles)
    causal = torch.tril(torch.ones(T, T, dtype=torch.bool))
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."

        def lin(t, name):
            out = t @ w[p + name + ".weight"].T
            return out + w[p + name + ".bias"] if (p + name + ".bias") in w else out

        h = rms_norm(x, w[p + "input_layernorm.weight"], eps)
        q = lin(h, "self_attn.q_proj").view(T, n_heads, hd).transpose(0, 1)
        k = lin(h, "self_attn.k_proj").view(T, n_kv, hd).transpose(0, 1)
        v = lin(h, "self_attn.v_proj").view(T, n_kv, hd).transpose(0, 1)
        q, k = rotate(q, cos, sin), rotate(k, cos, sin)
        heads = []
        for j in range(n_heads):
            kv = j // (n_heads // n_kv)                 # query head j reads key/value head j // group
            scores = q[j] @ k[kv].T / math.sqrt(hd)
            scores = scores.masked_fill(~causal, float("-inf"))
            heads.append(torch.softmax(scores, -1) @ v[kv])
        x = x + lin(torch.cat(heads, -1), "self_attn.o_proj")
        h = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        gate, up = lin(h, "mlp.gate_proj"), lin(h, "mlp.up_proj")
        x = x + lin(gate * torch.sigmoid(gate) * up, "mlp.down_proj")
    x = rms_norm(x, w["model.norm.weight"], eps)
    head = w["lm_head.weight"] if "lm_head.weight" in w else w["model.embed_tokens.weight"]
    return torch.log_softmax(x @ head.T, -1)


def to_bytes(t, dtype):
    if dtype == "BF16":
        return t.to(torch.bfloat16).view(torch.int16).numpy().astype("<i2").tobytes()
    return t.to(torch.float32).numpy().astype("<f4").tobytes()


def write_safetensors(path, tensors, dtype):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        data = to_bytes(t, dtype)
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
    return offset


def write_config(directory, cfg, torch_dtype):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "config.json"), "w") as f:
        json.dump(dict(cfg, torch_dtype=torch_dtype), f, indent=2, sort_keys=True)


def main():
    rng = np.random.RandomState(1234)
    golden = {"description": "float64 reference log-probs; logprobs[s][i] = ln p(token i+1 | tokens 0..i)",
              "sequences": [[int(t) for t in rng.randint(0, BASE["vocab_size"], size=n)] for n in SEQUENCE_LENGTHS],
              "models": {}}
    for seed, (name, extra) in enumerate(MODELS.items(), start=1):
        cfg = dict(BASE, **extra)
        w = make_weights(cfg, seed)
        rounded = {k: t.to(torch.bfloat16).to(torch.float32) for k, t in w.items()}
        entry = {}
        for variant, weights, dtype, torch_dtype in [("f32", w, "F32", "float32"), ("bf16", rounded, "BF16", "bfloat16")]:
            directory = os.path.join(OUT, name, variant)
            write_config(directory, cfg, torch_dtype)
            write_safetensors(os.path.join(directory, "model.safetensors"), weights, dtype)
            per_sequence = []
            for ids in golden["sequences"]:
                lp = reference_logprobs(cfg, weights, ids)
                per_sequence.append([float(lp[i, ids[i + 1]]) for i in range(len(ids) - 1)])
            entry[variant] = {"logprobs": per_sequence,
                              "total_nll": -sum(sum(s) for s in per_sequence),
                              "token_count": sum(len(s) for s in per_sequence)}
        golden["models"][name] = entry
        if name == SHARDED_MODEL:
            directory = os.path.join(OUT, name, "f32_sharded")
            write_config(directory, cfg, "float32")
            names = list(w.keys())
            shards = [names[: len(names) // 2], names[len(names) // 2:]]
            weight_map, total = {}, 0
            for k, shard in enumerate(shards, start=1):
                file = f"model-{k:05d}-of-{len(shards):05d}.safetensors"
                total += write_safetensors(os.path.join(directory, file), {n: w[n] for n in shard}, "F32")
                weight_map.update({n: file for n in shard})
            with open(os.path.join(directory, "model.safetensors.index.json"), "w") as f:
                json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)
    with open(os.path.join(OUT, "golden.json"), "w") as f:
        json.dump(golden, f, indent=1)


if __name__ == "__main__":
    main()
