"""Write what a pandoc user would write for the same brief: Markdown with [@citations] and a CSL-JSON bibliography.

Each statement becomes a list item under its section, followed by a note holding the quote and a
citation of its source; citeproc formats the citations and appends the bibliography. Nothing is
checked: this is the input pandoc is timed on, the same content without citebrief's verification.
"""

from __future__ import annotations

import json
from pathlib import Path

from citebrief.analyse import SECTION_ORDER
from citebrief.load import load_project
from citebrief.markup import escape

HEADINGS = {
    "summary": "Summary", "context": "Background", "proposals": "Proposals", "dependencies": "Dependencies",
    "expert_views": "Expert views", "open_gaps": "Open gaps",
}


def write_equivalent(root: Path, out: Path) -> tuple[Path, Path]:
    """Write brief.md and sources.json for pandoc under out; return their paths."""
    project, problems = load_project(root)
    if any(p.severity == "error" for p in problems):
        raise SystemExit(f"{root}: the project has errors; run citebrief check")
    out.mkdir(parents=True, exist_ok=True)
    lines = ["---", f"title: {json.dumps(project.settings.title)}", "lang: en", "---", ""]
    for section in SECTION_ORDER:
        facts = [fact for fact in project.facts if fact.section == section]
        if not facts:
            continue
        lines += [f"## {HEADINGS[section]}", ""]
        for fact in facts:
            notes = "".join(
                f'^[“{escape(c.quote)}” [@{c.source}]]' for c in fact.citations
            )
            lines.append(f"- {fact.statement}{notes}")
        lines.append("")
    lines += ["## Sources", "", "::: {#refs}", ":::", ""]
    markdown = out / "brief.md"
    markdown.write_text("\n".join(lines), encoding="utf-8")
    bibliography = out / "sources.json"
    bibliography.write_text(json.dumps([_csl(source) for source in project.sources], indent=1), encoding="utf-8")
    return markdown, bibliography


def _csl(source) -> dict:
    """A source as a CSL-JSON item."""
    item = {"id": source.id, "type": "article-newspaper", "title": source.title or source.id}
    if source.publisher:
        item["container-title"] = source.publisher
    if source.published:
        item["issued"] = {"date-parts": [[source.published.year, source.published.month, source.published.day]]}
    return item
