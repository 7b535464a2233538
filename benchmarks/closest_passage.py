"""Time the closest-passage search for long near-miss quotes against a shipped seed (issue 16).

    python benchmarks/closest_passage.py [SEED] [QUOTES]

Prints, as JSON, the seconds per 4,000-character near-miss quote. The tests assert behaviour and
that each paragraph is aligned once; speed is measured here, never asserted in the suite.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

from citebrief.quotes import Paragraph, Passages, closest_passage

REPO = Path(__file__).resolve().parent.parent


def near_miss(words: list[str], length: int, rng: random.Random) -> str:
    """A quote of about `length` characters from the seed's words, with every 20th word changed."""
    start = rng.randrange(max(1, len(words) - length // 5))
    picked = []
    for n, word in enumerate(words[start:]):
        picked.append(word[::-1] if n % 20 == 19 else word)
        if sum(len(w) + 1 for w in picked) >= length:
            break
    return " ".join(picked)[:length]


def main(argv: list[str]) -> None:
    seed = Path(argv[0]) if argv else sorted((REPO / "seeds").glob("*.txt"))[0]
    count = int(argv[1]) if len(argv) > 1 else 5
    lines = seed.read_text(encoding="utf-8").splitlines()
    body = Passages([Paragraph(n, line) for n, line in enumerate(lines, 1) if line.strip()])
    words = " ".join(lines).split()
    rng = random.Random(16)
    quotes = [near_miss(words, 4000, rng) for _ in range(count)]
    start = time.perf_counter()
    for quote in quotes:
        closest_passage(quote, body)
    seconds = (time.perf_counter() - start) / count
    print(json.dumps({"seed": seed.name, "characters": len(" ".join(lines)), "quotes": count,
                      "seconds_per_quote": round(seconds, 4)}))


if __name__ == "__main__":
    main(sys.argv[1:])
