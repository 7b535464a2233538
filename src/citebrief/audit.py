"""Re-check a distributed PDF: read its attached records back and verify every quote against the sources."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import ValidationError

from .content import content_hash
from .errors import CitebriefError, Location, Problem
from .models import Disagreement, Fact, Source
from .pdf import RECORDS_ATTACHMENT
from .seeds import read_seeds
from .verify import verify_quotes


@dataclass
class Audit:
    """What re-checking a PDF found."""

    quotes: int
    sources: int
    problems: list[Problem]

    @property
    def holds(self) -> bool:
        """Whether the brief still stands on its sources."""
        return not any(p.severity == "error" for p in self.problems)


def audit_pdf(pdf: Path, sources_dir: Path) -> Audit:
    """Read the records a PDF carries, check they were not altered, and verify every quote in sources_dir."""
    where = Location(f"{pdf.name}#{RECORDS_ATTACHMENT}")
    data, claimed, printed = _read_records(pdf)
    problems: list[Problem] = []
    actual = content_hash(data)
    if claimed != actual:
        problems.append(Problem.at(where, "records-altered",
                                   f"the attached records hash to {actual[:12]}…, not the {str(claimed)[:12]}… they carry"))
    if printed != claimed:
        problems.append(Problem.at(where, "records-altered",
                                   "the attached records do not match the content hash in the PDF's metadata"))
    try:
        sources = [Source.model_validate({k: v for k, v in s.items() if k != "sha256"}) for s in data["sources"]]
        facts = [Fact.model_validate(f) for f in data["facts"]]
        disagreements = [Disagreement.model_validate(d) for d in data.get("disagreements", [])]
    except (ValidationError, KeyError, TypeError) as exc:
        raise CitebriefError(f"{pdf}: the attached records cannot be read: {str(exc).splitlines()[0]}") from None
    texts, seed_problems = read_seeds(sources_dir, sources, sources_dir)
    problems += [replace(p, file=where.file) if p.file == "?" else p for p in seed_problems]
    recorded = {s["id"]: s.get("sha256") for s in data["sources"]}
    for source_id, text in texts.items():
        if recorded.get(source_id) and text.sha256 != recorded[source_id]:
            problems.append(Problem.at(Location(text.rel), "seed-changed",
                                       "the source file differs from the one the brief was built from; "
                                       "its quotes are checked again", source_id, "warning"))
    cited = [(f.id, f.citations) for f in facts] + [(d.id, p.citations) for d in disagreements for p in d.positions]
    problems += [replace(p, file=where.file) if p.file == "?" else p for p in verify_quotes(cited, texts)[0]]
    quotes = sum(len(citations) for _, citations in cited)
    return Audit(quotes, len(sources), problems)


def _read_records(pdf: Path) -> tuple[dict, str | None, str | None]:
    """Return the attached records, the hash they carry, and the hash in the PDF's metadata."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(pdf)
        attached = reader.attachments.get(RECORDS_ATTACHMENT)
        printed = (reader.metadata or {}).get("/citebriefcontent")
    except (OSError, PdfReadError, ValueError) as exc:
        raise CitebriefError(f"{pdf}: cannot read the PDF: {exc}") from None
    if not attached:
        raise CitebriefError(f"{pdf}: the PDF carries no {RECORDS_ATTACHMENT}; was it built by citebrief?")
    try:
        data = json.loads(attached[0])
    except ValueError as exc:
        raise CitebriefError(f"{pdf}: the attached records are not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise CitebriefError(f"{pdf}: the attached records are not a JSON object")
    claimed = data.pop("content", None)
    return data, claimed, str(printed) if printed is not None else None
