#!/usr/bin/env python3
"""Writes lessons/data/gpt-corpus.txt and lessons/data/gpt-corpus.csv: the text lesson 20's GPT
learns to write, taken from the project's own lessons.

The corpus is the English prose (the `#'` lines) of lessons 00–14, reduced to 29 characters: the
space, a–z, the full stop and the comma. Everything else is dropped — digits, formulas, Markdown
marks, Chinese terms — and runs of spaces become one space, so what remains is plain sentences a
character-level model can learn in a minute. Lessons 15 and later are left out so that the corpus,
and the checkpoint trained on it, do not change when those lessons are edited.

gpt-corpus.txt is the text, one lesson per line, for people to read. gpt-corpus.csv is the same
text as token ids (the position of each character in VOCAB), 64 per row, for `load_csv`; the last
row is padded with spaces (token 0).

Usage (from the repository root): python3 scripts/make_gpt_corpus.py [--check]
"""

import argparse
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LESSONS = [ROOT / "lessons" / f for f in sorted(p.name for p in (ROOT / "lessons").glob("[01]*.grad"))]
VOCAB = " abcdefghijklmnopqrstuvwxyz.,"
ROW = 64


def lesson_prose(path):
    """The prose of one lesson as plain characters of VOCAB."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped.startswith("#'"):
            continue
        text = stripped[2:].strip()
        if text.startswith("$$") or text.startswith("#"):
            continue  # display formulas and headings
        text = re.sub(r"\$[^$]*\$", " ", text)  # inline formulas
        text = re.sub(r"`[^`]*`", " ", text)  # code
        lines.append(text)
    text = " ".join(lines).lower().replace("'", "").replace("\u2019", "")  # cell's -> cells
    text = "".join(c if c in VOCAB else " " for c in text)
    text = re.sub(r" +([.,])", r"\1", text)  # "word ." after a dropped character
    text = re.sub(r"([.,])[.,]+", r"\1", text)
    return re.sub(r" +", " ", text).strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if the files are out of date")
    args = parser.parse_args()
    texts = [lesson_prose(p) for p in LESSONS if int(p.name[:2]) <= 14]
    corpus = " ".join(texts)
    ids = [VOCAB.index(c) for c in corpus]
    ids += [0] * (-len(ids) % ROW)
    csv = "".join(",".join(str(i) for i in ids[r : r + ROW]) + "\n" for r in range(0, len(ids), ROW))
    txt = "\n".join(texts) + "\n"
    out = ROOT / "lessons" / "data"
    files = {out / "gpt-corpus.txt": txt, out / "gpt-corpus.csv": csv}
    if args.check:
        stale = [f for f, t in files.items() if not f.exists() or f.read_text(encoding="utf-8") != t]
        for f in stale:
            print(f"{f.relative_to(ROOT)} is out of date: run scripts/make_gpt_corpus.py", file=sys.stderr)
        return 1 if stale else 0
    out.mkdir(parents=True, exist_ok=True)
    for f, t in files.items():
        f.write_text(t, encoding="utf-8")
    print(f"{len(corpus)} characters, {len(ids) // ROW} rows of {ROW} ids")
    return 0


if __name__ == "__main__":
    sys.exit(main())
