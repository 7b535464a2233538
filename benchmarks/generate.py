"""Generate a synthetic brief project: N facts quoting M source documents."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = (
    "supply chain refining minerals cooperation tariff negotiations ministers officials semiconductor "
    "shipbuilding capacity investment agreement partners export controls processing magnets demand "
    "production security economic strategy industry plan proposal market share imports"
).split()
SECTIONS = ("context", "proposals", "dependencies", "expert_views", "open_gaps")


def sentence(rng: random.Random, n: int) -> str:
    """Make a unique, quotable sentence."""
    words = [rng.choice(WORDS) for _ in range(12)]
    return f"Item {n}: the " + " ".join(words) + f" rose to {n % 97}% in {2000 + n % 25}."


def restate(quote: str, n: int) -> str:
    """A statement that restates its quote as an analyst would, so the support check reads real words."""
    words = quote.split(": the ", 1)[1]
    frames = ("The Synthetic Times reports that in item {} the {}", "According to the report, in item {} the {}",
              "In item {} the {}", "Officials say that in item {} the {}", "The report says that in item {} the {}")
    return frames[n % len(frames)].format(n, words)


def generate(root: Path, facts: int, sources: int, seed: int = 7) -> Path:
    """Write a brief project with the given number of facts and sources under root."""
    rng = random.Random(seed)
    (root / "facts").mkdir(parents=True, exist_ok=True)
    (root / "seeds").mkdir(exist_ok=True)
    per_source: list[list[str]] = [[] for _ in range(sources)]
    for n in range(facts):
        per_source[n % sources].append(sentence(rng, n))
    lines = ["sources:"]
    for s, sentences in enumerate(per_source):
        body = "\n".join(sentences)
        (root / "seeds" / f"source-{s}.txt").write_text(f"Headline {s}\n{body}\nEnd of article {s}.\nRelated Articles\n")
        lines += [
            f"  - id: source-{s}", f"    file: source-{s}.txt", f"    title: Synthetic report {s}",
            "    publisher: The Synthetic Times", f"    published: 2025-01-{1 + s % 28:02d}", "    kind: original",
            "    body:", f'      start: "Headline {s}"', f'      end: "End of article {s}."',
        ]
    (root / "facts" / "sources.yaml").write_text("\n".join(lines) + "\n")
    records = []
    for n in range(facts):
        s = n % sources
        quote = per_source[s][n // sources]
        section = SECTIONS[n % len(SECTIONS)]
        record = [f"- id: fact-{n}", f"  section: {section}", f"  statement: {restate(quote, n)}"]
        if section == "expert_views":
            record += [f"  speaker: Expert {n % 7}", "  affiliation: Synthetic Institute"]
        if section == "dependencies":
            record += [f"  figures:\n    - {{value: {n % 97}, unit: percent, measure: synthetic share {n}, period: \"{2000 + n % 25}\"}}"]
        record += ["  citations:", f"    - source: source-{s}", f'      quote: "{quote}"']
        records.append("\n".join(record))
    # Fact files of a few thousand records each, as a large project would keep them (and under the size limit).
    for start in range(0, len(records), 2_000):
        name = "facts.yaml" if start == 0 else f"facts-{start // 2_000}.yaml"
        (root / "facts" / name).write_text("\n".join(records[start:start + 2_000]) + "\n")
    (root / "citebrief.toml").write_text('title = "Synthetic brief"\nas_of = 2025-02-01\n')
    return root


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--facts", type=int, default=1000)
    parser.add_argument("--sources", type=int, default=20)
    args = parser.parse_args()
    generate(args.root, args.facts, args.sources)
