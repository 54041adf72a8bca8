"""Writes sonnets.csv: the characters of sonnets.txt (four of Shakespeare's sonnets, public
domain) as indices into the 65 symbols of the tiny-shakespeare vocabulary, one per row, under
the header `id`. W3 reads the CSV on both sides (Gradus has no text files of its own).
Usage: python3 benchmarks/data/encode.py  (plain Python, no packages).
"""

import os

VOCAB = "\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
assert len(VOCAB) == 65

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "sonnets.txt"), encoding="utf-8") as f:
    text = f.read()
missing = sorted(set(text) - set(VOCAB))
assert not missing, f"characters outside the vocabulary: {missing}"
with open(os.path.join(here, "sonnets.csv"), "w", encoding="utf-8") as f:
    f.write("id\n")
    for ch in text:
        f.write(f"{VOCAB.index(ch)}\n")
print(f"sonnets.csv: {len(text)} characters, {len(set(text))} distinct of {len(VOCAB)}")
