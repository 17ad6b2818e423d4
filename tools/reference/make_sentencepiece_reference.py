#!/usr/bin/env python3
"""Trains a tiny sentencepiece BPE tokenizer.model (Llama-style: byte fallback, identity normalization, dummy prefix,
split digits) and records sentencepiece's own ids for a set of test texts, as an independent reference for
GPTailor's tokenizer.model loading path.

Run with Debian's python3-sentencepiece (apt-get install python3-sentencepiece):
    /usr/bin/python3 tools/reference/make_sentencepiece_reference.py
Writes tests/GPTailor.Models.Tests/TestData/tokenizers/sp-bpe-tiny/{tokenizer.model,expected.json}.
"""
import io
import json
import os
import random

import sentencepiece as spm

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "GPTailor.Models.Tests", "TestData", "tokenizers", "sp-bpe-tiny")

PARAGRAPHS = [
    "The quick brown fox jumps over the lazy dog. The dog sleeps while the fox runs away into the forest.",
    "In the beginning there was the word, and the word was tokenized into pieces that the model could read.",
    "def add(a, b):\n    return a + b\n\nfor i in range(10):\n    print(add(i, i * 2))",
    "Cafe, naive, facade: plain text with some accents like caf\u00e9 and na\u00efve appears too.",
    "Numbers such as 12345 and 678 and 13023 appear in arithmetic like 12345+678=13023.",
]

TEXTS = [
    "Hello world",
    "hello world",
    " leading space",
    "  two leading spaces",
    "trailing space ",
    "double  space",
    "The quick brown fox jumps over the lazy dog.",
    "12345+678=13023",
    "line one\nline two",
    "tabs\tand\ttabs",
    "def add(a, b):\n    return a + b",
    "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e",
    "\u3053\u3093\u306b\u3061\u306f\u4e16\u754c",
    "Emoji: \U0001F600\U0001F680",
    "Unseen letters: \u0416\u0437\u0431 \u05e9\u05dc\u05d5\u05dd",
    "<s> is plain text here </s>",
    "x",
    "",
]


def corpus():
    rng = random.Random(1234)
    lines = []
    for _ in range(20):
        lines.extend(PARAGRAPHS)
    for _ in range(300):
        a, b = rng.randrange(100000), rng.randrange(1000)
        lines.append(f"{a}+{b}={a + b}")
    return lines


def main():
    os.makedirs(OUT, exist_ok=True)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus()),
        model_writer=model,
        model_type="bpe",
        vocab_size=400,
        byte_fallback=True,
        split_digits=True,
        normalization_rule_name="identity",
        remove_extra_whitespaces=False,
        add_dummy_prefix=True,
        allow_whitespace_only_pieces=True,
        character_coverage=1.0,
        num_threads=1,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
    )
    data = model.getvalue()
    with open(os.path.join(OUT, "tokenizer.model"), "wb") as f:
        f.write(data)
    sp = spm.SentencePieceProcessor(model_proto=data)
    cases = [{"text": t, "ids": sp.encode(t), "decoded": sp.decode(sp.encode(t))} for t in TEXTS]
    reference = {
        "generator": f"sentencepiece {spm.__version__} via tools/reference/make_sentencepiece_reference.py",
        "vocab_size": sp.get_piece_size(),
        "bos_id": sp.bos_id(),
        "eos_id": sp.eos_id(),
        "cases": cases,
    }
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(reference, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
