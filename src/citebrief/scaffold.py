"""Make a new brief project that builds out of the box: settings, sources, a sample source and fact file."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import CitebriefError, clip
from .layout import FACTS_DIR, OUTPUT_DIR
from .load import SETTINGS_FILE, SOURCES_FILE, parse_settings
from .schema import SCHEMA_DIR, modeline, write_schemas

SAMPLE_SEED = "example-gazette-harbour.txt"
SAMPLE_SOURCE = "example-gazette-2025-04-02"
SAMPLE_FACTS = f"{FACTS_DIR}/sample.yaml"

# A made-up article, with a site's navigation above it and a "Related Articles" list below,
# as stored pages usually have: the body markers in sources.yaml keep those out of reach.
SAMPLE_ARTICLE = """\
Example Gazette | Home | City | Business
Harbour Authority Proposes Second Container Terminal
09:30 CET, April 2, 2025
The harbour authority has proposed building a second container terminal on the reclaimed north quay, its board said on Tuesday.
The terminal would raise the port's capacity by 40% to 2.1 million containers a year by 2030, according to the authority's own estimate.
Construction is expected to cost about 850 million euros, of which the national government has offered to cover a third.
'We are running out of room, and ships are waiting up to two days for a berth,' said Marta Lind, chief executive of the Example Port Authority.
The city council is considering a separate study of the terminal's effect on traffic in the old town.
'Nobody has shown us how the extra lorries will reach the motorway,' said Tomas Berg, a councillor for the Green Party.
The board will put the plan to a public consultation in June.
Related Articles
Ferry timetable changes for the summer season
"""

SOURCES = f"""\
{modeline(SOURCES_FILE)}
# The stored source documents, one record each; `citebrief add-source FILE` adds more.
# `body` marks the article inside its file, from the line containing `start` to the line
# containing `end`: navigation and "Related Articles" outside it can never be cited.
sources:
  - id: {SAMPLE_SOURCE}
    file: {SAMPLE_SEED}
    title: Harbour Authority Proposes Second Container Terminal
    publisher: Example Gazette         # a made-up newspaper: this source is a sample
    published: 2025-04-02
    kind: original
    body:
      start: "Harbour Authority Proposes Second Container Terminal"
      end: "public consultation in June."
"""

FACTS = f"""\
{modeline(SAMPLE_FACTS)}
# Sample facts, to show the format: replace them with your own, in this file or any other
# facts/*.yaml. Every quote must stand word for word in the article body of its source.
# `citebrief suggest {SAMPLE_SOURCE}` drafts records for the rest of the sample article.

- id: second-terminal-proposed
  section: proposals
  statement: The harbour authority has proposed a second container terminal on the reclaimed north quay, which would raise the port's capacity by 40% by 2030.
  status: proposed
  figures:
    - {{value: 40, unit: percent, measure: "Rise in the port's container capacity from a second terminal", period: "by 2030", body: the harbour authority}}
  citations:
    - source: {SAMPLE_SOURCE}
      quote: "The harbour authority has proposed building a second container terminal on the reclaimed north quay"
    - source: {SAMPLE_SOURCE}
      quote: "The terminal would raise the port's capacity by 40% to 2.1 million containers a year by 2030"

- id: lind-running-out-of-room
  section: expert_views
  speaker: Marta Lind
  affiliation: Chief executive of the Example Port Authority
  statement: Lind says the port is running out of room, with ships waiting up to two days for a berth.
  citations:
    - source: {SAMPLE_SOURCE}
      quote: "'We are running out of room, and ships are waiting up to two days for a berth,' said Marta Lind"
"""

GITIGNORE = f"{OUTPUT_DIR}/\n"
_TOML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def new_project(target: Path, title: str | None = None) -> list[Path]:
    """Create a brief project in an empty or new folder; return the files written."""
    if target.exists() and not target.is_dir():
        raise CitebriefError(f"{target} is a file; name a new folder for the project")
    if target.is_dir() and any(target.iterdir()):
        raise CitebriefError(f"{target} is not empty; name a new or empty folder for the project")
    title = title or _title_from(target)
    settings = _settings(title)
    _, problems = parse_settings(settings)  # the settings the project builds with, checked as a build checks them
    if problems:
        raise CitebriefError(f"cannot use {clip(repr(title))} as the title: {problems[0].message.removeprefix('title: ')}")
    files = {
        SETTINGS_FILE: settings,
        SOURCES_FILE: SOURCES,
        SAMPLE_FACTS: FACTS,
        f"seeds/{SAMPLE_SEED}": SAMPLE_ARTICLE,
        ".gitignore": GITIGNORE,
    }
    written = []
    try:
        for rel, text in files.items():
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
        written += write_schemas(target / SCHEMA_DIR)
    except OSError as exc:
        raise CitebriefError(f"cannot create the project in {target}: {exc.strerror or exc}") from None
    return written


def _title_from(target: Path) -> str:
    """Make a title from a folder name: my-brief -> My brief."""
    words = re.sub(r"[-_]+", " ", target.resolve().name).strip()
    return words[:1].upper() + words[1:] if words else "Brief"


def _settings(title: str) -> str:
    """Write the settings file, the title as a TOML basic string with every character TOML needs escaped."""
    quoted = "".join(_TOML_ESCAPES.get(char) or (f"\\u{ord(char):04X}" if ord(char) < 0x20 or ord(char) == 0x7F else char)
                     for char in title)
    return f"""\
# Brief settings; every key is optional (see the README's "Settings" section).
title = "{quoted}"
subtitle = "Replace this line with what the brief is about"
author = "citebrief"
language = "en"
"""
