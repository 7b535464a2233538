"""Where things are: the names of a project's files and folders and of the outputs a build writes.

Standard library only: the no-op build reads these names without the rendering stack.
"""

from __future__ import annotations

from pathlib import Path

# A brief project.
SETTINGS_FILE = "citebrief.toml"
FACTS_DIR = "facts"
SEEDS_DIR = "seeds"
TEMPLATES_DIR = "templates"
EDITIONS_DIR = "editions"  # the edition history, one file per edition, committed with the project
INPUT_FOLDERS = (FACTS_DIR, SEEDS_DIR, TEMPLATES_DIR, EDITIONS_DIR)  # with the settings file, everything a build reads
SCHEMA_DIR = "schemas"  # JSON Schemas for editors; no build reads them

# The output folder, and what a build writes into it.
OUTPUT_DIR = "output"
BRIEF_MD = "brief.md"
BRIEF_HTML = "brief.html"
BRIEF_PDF = "brief.pdf"
EDITIONS_FILE = "editions.json"  # where an older citebrief kept the editions; read once, to move them
MANIFEST_FILE = ".citebrief-manifest.json"
LOCK_FILE = ".citebrief.lock"

# How diagnostics and the manifest name a template citebrief ships, as no project path can.
SHIPPED_TEMPLATES = "<citebrief>/templates"


def output_dir(root: Path, out: str | Path | None = None) -> Path:
    """The folder a build writes to: the one given, else the project's output/."""
    return Path(out) if out else root / OUTPUT_DIR
