"""Write drafted records as YAML, each under a comment saying why it was suggested."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import CitebriefError, ProjectError
from ..models import Fact
from ..schema import schema_reference
from ..seeds import SourceText
from ..write import write_file
from ..yamlfile import read_text
from .draft import Drafts, Suggestion


class _DoubleQuoted(str):
    """A string written in double quotes, as the project's files write quotes."""


class _Dumper(yaml.SafeDumper):
    """Indent lists inside mappings, as the project's files do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_Dumper.add_representer(
    _DoubleQuoted, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", str(text), style='"')
)


def _record(fact: Fact) -> dict[str, Any]:
    """Lay out a drafted fact as the project's files do: a speaker's affiliation is written even when unknown."""
    record: dict[str, Any] = {"id": fact.id, "section": fact.section}
    if fact.speaker is not None:
        record["speaker"] = fact.speaker
        record["affiliation"] = fact.affiliation
    record["statement"] = fact.statement
    if fact.status:
        record["status"] = fact.status
    record["citations"] = [{"source": c.source, "quote": _DoubleQuoted(c.quote)} for c in fact.citations]
    return record


def records_yaml(suggestions: list[Suggestion], text: SourceText | None = None) -> str:
    """Write suggestions as YAML list items, each under a comment saying why it was suggested."""
    blocks = []
    for suggestion in suggestions:
        page = text.page_at(suggestion.line) if text else None  # a PDF's pin cite: the label, else the index
        pin = f" (p. {page[1] or page[0]})" if page else ""
        comments = [f"# line {suggestion.line}{pin}: {suggestion.reason}"]
        comments += [f"#   {note}" for note in suggestion.notes]
        body = yaml.dump([_record(suggestion.fact)], Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                         width=float("inf"), default_flow_style=False)
        blocks.append("\n".join(comments) + "\n" + body)
    return "\n".join(blocks)


def suggestions_yaml(drafts: Drafts, schema: str | None) -> str:
    """Write the suggestions as a fact file: a header saying where they come from, then the records."""
    source, text, suggestions = drafts.source, drafts.text, drafts.suggestions
    head = [f"# yaml-language-server: $schema={schema}"] if schema else []
    head += [
        f"# Records drafted by `citebrief suggest {source.id}` from {text.rel} "
        f"(the article body, lines {text.first}-{text.last}).",
        "# Every quote stands word for word in the body. Keep, edit or delete each record: check the",
        "# section, and put each statement in your own words before the brief goes out.",
    ]
    if not suggestions:
        head.append("# No suggestions: every sentence with figures, a named speaker's words or a proposal")
        head.append("# is already quoted by a record.")
        return "\n".join(head) + "\n"
    return "\n".join(head) + "\n\n" + records_yaml(suggestions, text)


def unread_note(drafts: Drafts) -> str | None:
    """Say that records which failed to load could not count as covering a sentence."""
    errors = [p for p in drafts.unread if p.severity == "error"]
    if not errors:
        return None
    return (f"note: {len(errors)} error(s) in the fact files; records that failed to load were not "
            "counted as covering a sentence (run citebrief check)")


def write_suggestions(drafts: Drafts, root: Path, path: Path, append: bool = False) -> None:
    """Write the suggestions to a new file, or to the end of an existing one only when asked to append."""
    exists = path.exists()
    if exists and not append:
        raise CitebriefError(f"{path} already exists; suggestions never go into an existing file unasked: "
                             "name a new file, or pass --append to add them at its end")
    if exists:
        old, problems = read_text(path, str(path))
        if old is None:
            raise ProjectError(problems)
        head = f"# Drafted by `citebrief suggest {drafts.source.id}` from {drafts.text.rel}; keep, edit or delete each.\n"
        text = old + ("\n" if old and not old.endswith("\n") else "") + "\n" + head + records_yaml(drafts.suggestions, drafts.text)
    else:
        text = suggestions_yaml(drafts, schema_reference(root, path.parent))
    write_file(path, text.encode("utf-8"))
