"""Measure web-page extraction on the page fixtures: body sentences that verify, furniture strings refused.

Runs citebrief's extraction (trafilatura and the furniture filter) and trafilatura's defaults on the same
pages; each fixture tests/cases/pages/NAME.html has NAME.yaml listing its body sentences and furniture.
Usage: python benchmarks/pages.py [FOLDER]
"""

from __future__ import annotations

import sys
from pathlib import Path

import trafilatura
import yaml

from citebrief.extract_html import decode_page, extract_html
from citebrief.quotes import Paragraph, Passages, find_quote

PAGES = Path(__file__).parent.parent / "tests" / "cases" / "pages"


def passages(lines: list[str]) -> Passages:
    """The extracted lines as quotes are searched in them."""
    return Passages([Paragraph(n, line) for n, line in enumerate(lines, 1) if line.strip()])


def score(folder: Path) -> dict[str, list[int]]:
    """Count, for each extractor: body sentences found, body sentences, furniture refused, furniture strings."""
    totals = {"citebrief": [0, 0, 0, 0], "trafilatura defaults": [0, 0, 0, 0]}
    for page in sorted(folder.glob("*.html")):
        expected = yaml.safe_load(page.with_suffix(".yaml").read_text(encoding="utf-8"))
        data = page.read_bytes()
        ours = list(extract_html(data, page.name).lines)
        theirs = (trafilatura.extract(decode_page(data, page.name)) or "").splitlines()
        for name, lines in (("citebrief", ours), ("trafilatura defaults", theirs)):
            text = passages(lines)
            found = [s for s in expected["body"] if find_quote(s, text)]
            refused = [s for s in expected["furniture"] if not find_quote(s, text)]
            counts = totals[name]
            counts[0] += len(found)
            counts[1] += len(expected["body"])
            counts[2] += len(refused)
            counts[3] += len(expected["furniture"])
            for missed in set(expected["body"]) - set(found):
                print(f"{name}: {page.name}: body not found: {missed[:70]}", file=sys.stderr)
            for kept in set(expected["furniture"]) - set(refused):
                print(f"{name}: {page.name}: furniture citable: {kept[:70]}", file=sys.stderr)
    return totals


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else PAGES
    for name, (found, body, refused, furniture) in score(folder).items():
        print(f"{name:22} body verifies {found}/{body} = {found / body:.1%}   "
              f"furniture refused {refused}/{furniture} = {refused / furniture:.1%}")


if __name__ == "__main__":
    main()
