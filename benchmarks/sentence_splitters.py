"""Count how many gold sentences suggest's splitter and pysbd get right (pip install pysbd to run).

Reads tests/cases/sentences/article_bodies.txt; the figures are quoted in citebrief/suggest/sentences.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from citebrief.suggest import sentences

GOLD = Path(__file__).resolve().parent.parent / "tests" / "cases" / "sentences" / "article_bodies.txt"


def gold_paragraphs(path: Path = GOLD) -> list[list[str]]:
    """Read the gold file: one block per paragraph, one sentence per line."""
    blocks = re.split(r"\n(?=# \S+ line \d+\n)", path.read_text(encoding="utf-8"))
    heading = re.compile(r"# \S+ line \d+\n")
    return [[line for line in block.splitlines()[1:] if line] for block in blocks if heading.match(block)]


def right(split, paragraphs: list[list[str]]) -> int:
    """Count the gold sentences a splitter gives exactly, paragraph by paragraph."""
    return sum(len(set(gold) & set(split(" ".join(gold)))) for gold in paragraphs)


if __name__ == "__main__":
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    paragraphs = gold_paragraphs()
    total = sum(map(len, paragraphs))
    print(f"{len(paragraphs)} paragraphs, {total} sentences")
    print(f"citebrief: {right(sentences, paragraphs)} right")
    print(f"pysbd {pysbd.__version__}: {right(lambda p: [s.strip() for s in segmenter.segment(p)], paragraphs)} right")
