"""Time `citebrief suggest` on a generated 15 MB source (issue #16: it took 59 s; it should be linear).

Run: python benchmarks/suggest_large.py [--mb 15]. The body repeats the paragraphs of the stored seed
articles, each repeat numbered, so that its sentences have figures, named speakers and proposals.
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
import time
from itertools import count
from contextlib import redirect_stderr
from io import StringIO
from pathlib import Path

from citebrief.cli import main

REPO = Path(__file__).resolve().parent.parent
_SENTENCE_GAP = re.compile(r"(?<=[.!?]) (?=[A-Z'‘“])")


def generate(root: Path, megabytes: float, one_paragraph: bool = False) -> None:
    """Write a project whose one source has an article body of about the given size."""
    cases = count()
    paragraphs = [line for seed in sorted((REPO / "seeds").glob("*.txt"))
                  for line in seed.read_text(encoding="utf-8").splitlines() if len(line.split()) > 6]
    # Every sentence is made unique (so none is found early by a search from the start), and every
    # tenth line joins twenty paragraphs into one long one that opens with a stray quotation mark, as
    # scraped pages have: the splitter must not rescan the growing sentence at every full stop.
    lines, size, n = ["Bench Start", ""], 0, 0
    while size < megabytes * 1_000_000:
        group = paragraphs[n % len(paragraphs):][:20 if n % 10 == 0 else 1]
        line = " ".join(_SENTENCE_GAP.sub(lambda _: f" In case {next(cases)}, ", text) for text in group)
        line = f"{'“' if n % 10 == 0 else ''}In round {n}, {line}"
        lines += [line, ""]
        size += len(line.encode()) + 2
        n += 1
    if one_paragraph:  # as text extracted from a PDF or a page without line breaks may come
        lines = lines[:2] + [" ".join(line for line in lines[2:] if line), ""]
    lines.append("Bench End.")
    (root / "facts").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "seeds" / "large.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "facts" / "sources.yaml").write_text(
        "sources:\n  - id: large\n    file: large.txt\n    body:\n      start: Bench Start\n      end: Bench End.\n",
        encoding="utf-8")
    shutil.copy(REPO / "citebrief.toml", root / "citebrief.toml")


def run(megabytes: float, one_paragraph: bool = False) -> float:
    """Generate the project, run suggest into a new file, and return the seconds it took."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, megabytes, one_paragraph)
        err = StringIO()
        started, cpu = time.perf_counter(), time.process_time()
        with redirect_stderr(err):
            code = main(["suggest", "large", "--project", str(root), "-o", str(root / "drafts.yaml")])
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        # CPU seconds as well: on a busy machine they say more than the clock does.
        print(f"{megabytes} MB{' in one paragraph' if one_paragraph else ''}: exit {code}, {seconds:.1f} s ({cpu:.1f} s CPU); {err.getvalue().strip()}")
        return seconds


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=15.0, help="size of the article body in megabytes")
    parser.add_argument("--one-paragraph", action="store_true", help="write the whole body on one line")
    arguments = parser.parse_args()
    run(arguments.mb, arguments.one_paragraph)
