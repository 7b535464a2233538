"""Render the brief as Markdown from the Jinja templates; every value is data, escaped on output."""

from __future__ import annotations

import datetime as dt

from . import markup
from .analyse import Brief, Note
from .compose import ANNEX_HEADING, QUOTES_PER_NOTE, Claim, compose, origin_of, short_name, title
from .templates import Templates

TEMPLATE = "brief.md.j2"


class Markdown(str):
    """Markdown the templates may print as it is: made by citebrief, never taken from a record unescaped."""


def render_markdown(brief: Brief, templates: Templates) -> str:
    """Render the brief's Markdown; statements keep their inline Markdown, all other values are escaped."""
    env = templates.environment(autoescape=False, finalize=_finalize, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(
        statement=lambda text: Markdown(markup.statement(text)),
        date=format_date,
        number=format_number,
        quote=lambda text: Markdown(markup.escape(display_quote(text))),
        md=Markdown,
        note=note_markdown,
        source_name=lambda entry: short_name(entry),
        source_title=lambda entry: title(entry),
    )
    text = env.get_template(TEMPLATE).render(
        brief=brief, sections=brief.sections, composed=compose(brief), annex_heading=ANNEX_HEADING
    )
    return _tidy(text)


def note_markdown(claim: Claim) -> Markdown:
    """Write a note: one quote for each independent report, with its source and date; retellings by name."""
    by_origin: dict[str, list[Note]] = {}
    for note in claim.quotes:
        by_origin.setdefault(origin_of(note.source).source.id, []).append(note)
    parts, others = [], []
    for notes in by_origin.values():
        # The report itself where it is quoted, else the first retelling of it.
        first = next((n for n in notes if origin_of(n.source).source.id == n.source.source.id), notes[0])
        entry = first.source
        if len(parts) < QUOTES_PER_NOTE:
            page = first.located.page_label or first.located.page  # a PDF's pin cite, "p. 12"
            pinned = f", p. {page}" if page else ""
            name = markup.escape(f"{short_name(entry)}, {format_date(entry.source.published)}{pinned}")
            parts.append(f"{name}: “{markup.escape(display_quote(first.quote))}”")
        else:
            others.append(entry)
        others += [n.source for n in notes if n.source is not entry]
    text = "; ".join(parts)
    names = list(dict.fromkeys(markup.escape(short_name(e)) for e in others))
    if names:
        text += "; retold by " + ", ".join(names)
    return Markdown(text)


def _finalize(value: object) -> object:
    """Escape every value a template prints, except Markdown citebrief made itself."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    return markup.escape(value)


def format_date(value: dt.date | None, precision: str = "day", missing: str = "undated") -> str:
    """Write a date as '30 May 2025', 'May 2025' or '2025', as precise as it is known."""
    if value is None:
        return missing
    if precision == "year":
        return f"{value:%Y}"
    if precision == "month":
        return f"{value:%B %Y}"
    return f"{value.day} {value:%B %Y}"


def format_number(value: float) -> str:
    """Write a figure's value without a needless decimal point."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def display_quote(text: str) -> str:
    """Show a quote as written, its ellipses as '…' and its spacing tidied."""
    return " ".join(text.replace("...", "…").split())


def _tidy(text: str) -> str:
    """Collapse runs of blank lines that template logic leaves behind."""
    lines, blank = [], 0
    for line in text.splitlines():
        blank = blank + 1 if not line.strip() else 0
        if blank <= 1:
            lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"
