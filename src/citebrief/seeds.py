"""Read the stored source documents and find each one's article body."""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass
import functools
from functools import cached_property
from pathlib import Path

from .errors import Location, Problem, clip
from .extract_pdf import PAGE_MARK
from .layout import SEEDS_DIR
from .models import Source
from .quotes import Paragraph, Passages, normalise
from .yamlfile import read_text

MAX_SEED_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, eq=False)
class SourceText:
    """A source document's text, split into the article body and the rest of the file."""

    source: Source
    rel: str  # path of the file relative to the project
    lines: tuple[str, ...]
    first: int  # 1-based first line of the body
    last: int  # 1-based last line of the body, inclusive
    sha256: str
    folded: tuple[str, ...] = ()  # every line normalised for quote search, where already done
    pages: tuple[tuple[int, int, str | None], ...] = ()  # for a PDF: (line of the page mark, page index, label)

    def page_at(self, line: int) -> tuple[int, str | None] | None:
        """The page (index and printed label) a line of a PDF's text stands on; None for other sources."""
        at = bisect.bisect_right([mark for mark, _, _ in self.pages], line) - 1
        return self.pages[at][1:] if at >= 0 else None

    @cached_property
    def body(self) -> Passages:
        """The article's paragraphs, in order, ready for quote search."""
        return self._passages(range(self.first, self.last + 1))

    @cached_property
    def everything(self) -> Passages:
        """Every non-empty line of the file, body or not."""
        return self._passages(range(1, len(self.lines) + 1))

    def _passages(self, numbers: range) -> Passages:
        marks = {mark for mark, _, _ in self.pages}  # a page mark is no text of the document
        kept = [n for n in numbers if self.lines[n - 1].strip() and n not in marks]
        folded = [self.folded[n - 1] for n in kept] if self.folded else None
        return Passages([Paragraph(n, self.lines[n - 1]) for n in kept], folded)


def read_seeds(
    root: Path, sources: list[Source], seeds_dir: Path | None = None
) -> tuple[dict[str, SourceText], list[Problem]]:
    """Read each source's file from seeds/ (or another folder) and locate its article body."""
    texts: dict[str, SourceText] = {}
    problems: list[Problem] = []
    seeds_dir = (seeds_dir or root / SEEDS_DIR).resolve()
    for source in sources:
        where = source.location_of("file")
        path, outside = _seed_path(seeds_dir, source.file)
        if outside:
            problems.append(Problem.at(where, "seed-outside-project", outside, source.id))
            continue
        rel = f"{SEEDS_DIR}/{source.file}"
        if not path.exists():
            problems.append(Problem.at(where, "missing-seed", f"seed file {rel} does not exist", source.id))
            continue
        text, read_problems = read_text(path, rel, MAX_SEED_BYTES)
        if text is None:
            problems += [Problem.at(Location(p.file, p.line, p.column), p.code, p.message, source.id)
                         for p in read_problems]
            continue
        lines, folded = _lines(text)
        first, last, body_problems = _body_bounds(source, folded)
        problems += body_problems
        if not body_problems:
            # The bytes checked, not the file read again: strict UTF-8 gives back exactly the bytes decoded.
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            texts[source.id] = SourceText(source, rel, lines, first, last, digest, folded, _pages(source, lines))
    return texts, problems


@functools.lru_cache(maxsize=64)
def _lines(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split a source text into lines, each also normalised; a warm process (watch, serve) does it once per text."""
    lines = tuple(text.splitlines())
    return lines, tuple(normalise(line) for line in lines)


def _pages(source: Source, lines: tuple[str, ...]) -> tuple[tuple[int, int, str | None], ...]:
    """Read the page marks of a PDF's extracted text: where each page starts, its index and its label."""
    if not (source.retrieved or "").lower().endswith(".pdf"):
        return ()
    return tuple((n, int(m[1]), m[2]) for n, line in enumerate(lines, 1) if (m := PAGE_MARK.match(line)))


def _seed_path(seeds_dir: Path, name: str) -> tuple[Path, str]:
    """Resolve a seed file name; say why not, when it would leave the seeds folder."""
    candidate = Path(name)
    if candidate.is_absolute() or ".." in candidate.parts:
        return candidate, f"file '{clip(name)}' is not inside {SEEDS_DIR}/; name a file in that folder"
    try:
        resolved = (seeds_dir / candidate).resolve()
    except (OSError, RuntimeError):  # a loop of links
        return candidate, f"{SEEDS_DIR}/{clip(name)} is a loop of links; name a file in {SEEDS_DIR}/"
    if not resolved.is_relative_to(seeds_dir):
        return candidate, (f"{SEEDS_DIR}/{clip(name)} is a link to a file outside {SEEDS_DIR}/; "
                           "citebrief reads no source outside it")
    return resolved, ""



def _body_bounds(source: Source, folded: tuple[str, ...]) -> tuple[int, int, list[Problem]]:
    """Find the first and last line of the body from the source's start and end markers in the normalised lines."""
    if source.body is None:
        return 1, len(folded), []
    problems: list[Problem] = []
    start, end = normalise(source.body.start), normalise(source.body.end)
    starts = [n for n, line in enumerate(folded, 1) if start in line]
    if len(starts) != 1:
        problems.append(_marker_problem(source, "start", source.body.start, starts))
        return 0, 0, problems
    first = starts[0]
    ends = [n for n, line in enumerate(folded, 1) if n >= first and end in line]
    if len(ends) != 1:
        problems.append(_marker_problem(source, "end", source.body.end, ends, after=first))
        return 0, 0, problems
    return first, ends[0], []


def _marker_problem(source: Source, which: str, marker: str, found: list[int], after: int = 0) -> Problem:
    where = source.location_of("body", which)
    scope = f" at or after line {after}" if after else ""
    if not found:
        return Problem.at(where, "body-marker-not-found",
                          f"body {which} {marker!r} is on no line of seeds/{source.file}{scope}", source.id)
    lines = ", ".join(map(str, found[:5]))
    return Problem.at(where, "body-marker-ambiguous",
                      f"body {which} {marker!r} is on more than one line of seeds/{source.file}{scope} "
                      f"(lines {lines}); quote more of the line", source.id)
