"""JSON Schema for each kind of project file, made from the record models, for editors to validate with."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from .layout import SCHEMA_DIR
from .load import DISAGREEMENTS_FILE, JUDGMENTS_FILE, SOURCES_FILE
from .models import Disagreement, Fact, Judgment, Source
from .options import SCHEMA_KINDS
from .write import write_file

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# kind -> (title, description, the records it holds), in the order of SCHEMA_KINDS
KINDS: dict[str, tuple[str, str, type]] = {
    "facts": (
        "citebrief fact file",
        "A list of fact records: statements of the brief, each backed by quotes checked against its sources.",
        Fact,
    ),
    "sources": (
        "citebrief sources file (facts/sources.yaml)",
        "The stored source documents that facts cite, under the key `sources`.",
        Source,
    ),
    "judgments": (
        "citebrief judgments file (facts/judgments.yaml)",
        "The analyst's key judgments, each with its confidence and the facts it rests on.",
        Judgment,
    ),
    "disagreements": (
        "citebrief disagreements file (facts/disagreements.yaml)",
        "Where sources disagree, or one is in error: what each side says, cited each way.",
        Disagreement,
    ),
}


def file_schema(kind: str) -> dict[str, Any]:
    """Make the JSON Schema of one kind of project file."""
    title, description, model = KINDS[kind]
    records = TypeAdapter(list[model]).json_schema()  # type: ignore[valid-type]
    defs = records.pop("$defs", {})
    if kind == "sources":
        body: dict[str, Any] = {
            "type": "object",
            "properties": {"sources": dict(records, description="The source records.")},
            "required": ["sources"],
            "additionalProperties": False,
        }
    else:
        body = records
    return {"$schema": DIALECT, "title": title, "description": description, **body, "$defs": defs}


def schema_text(kind: str) -> str:
    """Serialise one schema as the JSON text citebrief writes."""
    return json.dumps(file_schema(kind), indent=2, ensure_ascii=False) + "\n"


def schema_file_name(kind: str) -> str:
    """Name the file a kind's schema is written to."""
    return f"{kind}.schema.json"


def write_schemas(folder: Path, kinds: tuple[str, ...] = SCHEMA_KINDS) -> list[Path]:
    """Write each kind's schema into a folder, creating it; return the files written."""
    written = []
    for kind in kinds:
        path = folder / schema_file_name(kind)
        write_file(path, schema_text(kind).encode())
        written.append(path)
    return written


def write_schema(output: str, kind: str | None) -> list[Path]:
    """Write a kind's schema (facts by default) to a file; to a folder (existing, or ending in /), without a kind every kind's."""
    target = Path(output)
    if target.is_dir() or output.endswith("/"):
        return write_schemas(target, (kind,) if kind else SCHEMA_KINDS)
    write_file(target, schema_text(kind or "facts").encode())
    return [target]


def kind_of(rel: str) -> str:
    """Say which kind of file a project path under facts/ is."""
    special = {SOURCES_FILE: "sources", JUDGMENTS_FILE: "judgments", DISAGREEMENTS_FILE: "disagreements"}
    return special.get(rel, "facts")


def modeline(rel: str) -> str:
    """Make the yaml-language-server comment that points a project file at its schema in schemas/."""
    depth = rel.count("/")
    target = "../" * depth + f"{SCHEMA_DIR}/{schema_file_name(kind_of(rel))}"
    return f"# yaml-language-server: $schema={target}"


def schema_reference(root: Path, folder: Path, kind: str = "facts") -> str | None:
    """The path from a folder to the project's schema of a kind, if the project has one."""
    target = root / SCHEMA_DIR / schema_file_name(kind)
    if not target.is_file():
        return None
    return Path(os.path.relpath(target.resolve(), folder.resolve())).as_posix()
