"""Export a project for other tools: its sources as CSL-JSON or BibTeX, its verified records as JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from . import __version__
from .content import content_settings, csl_json
from .errors import ProjectError
from .load import load_sources
from .models import Citation, LocatedCitation, Source


def export(root: Path, fmt: str) -> str:
    """Export a project in one of the EXPORT_FORMATS; sources must load, and for json every check must pass."""
    if fmt == "json":
        return records_json(root)
    sources, problems = load_sources(root)
    if any(p.severity == "error" for p in problems):
        raise ProjectError(problems)
    return csl_json_text(sources) if fmt == "csl-json" else bibtex(sources)


def csl_json_text(sources: list[Source]) -> str:
    """Write the sources as a CSL-JSON list."""
    return json.dumps(csl_json(sources), indent=2, ensure_ascii=False) + "\n"


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
    "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


def bibtex_text(text: str) -> str:
    """Escape text for a braced BibTeX field; Unicode is kept, as biber and pandoc read UTF-8."""
    return re.sub(r"[\\{}&%$#_~^]", lambda m: _BIBTEX_SPECIAL[m.group(0)], " ".join(text.split()))


def bibtex_entry(source: Source) -> str:
    """Describe a source as a BibTeX entry keyed by its id."""
    fields: list[tuple[str, str]] = []
    if source.title:
        fields.append(("title", source.title))
    if source.publisher:
        fields.append(("journal" if source.kind in (None, "original", "opinion") else "publisher", source.publisher))
    if source.published:
        fields += [("date", source.published.isoformat()), ("year", str(source.published.year))]
    if source.note:
        fields.append(("note", source.note))
    if source.url:
        fields.append(("url", source.url))
    if source.accessed:
        fields.append(("urldate", source.accessed.date().isoformat()))
    kind = "article" if source.publisher and source.kind in (None, "original", "opinion") else "misc"
    lines = [f"@{kind}{{{source.id},"] + [f"  {name} = {{{bibtex_text(value)}}}," for name, value in fields]
    return "\n".join(lines) + "\n}\n"


def bibtex(sources: list[Source]) -> str:
    """Write the sources as a BibTeX file."""
    return "\n".join(bibtex_entry(source) for source in sources)


def records_json(root: Path) -> str:
    """Write the checked project as JSON: settings, sources, facts with located quotes, judgments, disagreements."""
    from .build import check

    checked, problems = check(root)
    if checked is None:
        raise ProjectError(problems)
    project, texts, evidence = checked.project, checked.texts, checked.evidence

    def citations(cited: list[Citation]) -> list[dict[str, Any]]:
        return [_located(evidence.of(citation)) for citation in cited]

    data = {
        "citebrief": __version__,
        "settings": content_settings(project.settings),
        "sources": [
            dict(source.model_dump(mode="json"), file=texts[source.id].rel, sha256=texts[source.id].sha256)
            for source in project.sources
        ],
        "facts": [
            dict(fact.model_dump(mode="json"), citations=citations(fact.citations)) for fact in project.facts
        ],
        "judgments": [judgment.model_dump(mode="json") for judgment in project.judgments],
        "disagreements": [
            dict(
                d.model_dump(mode="json"),
                positions=[dict(p.model_dump(mode="json"), citations=citations(p.citations)) for p in d.positions],
            )
            for d in project.disagreements
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _located(located: LocatedCitation) -> dict[str, Any]:
    """A verified citation with the lines of the source file its quote stands on, as verify located it."""
    return {"source": located.source, "quote": located.citation.quote, "file": located.file,
            "line": located.line, "last_line": located.last_line, "page": located.page,
            "page_label": located.page_label}
