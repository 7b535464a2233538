"""The build manifest: content hashes of every input and output, read without the rendering stack.

This module is imported on the no-op path, so it must stay light: standard library only.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .layout import INPUT_FOLDERS, MANIFEST_FILE, SETTINGS_FILE, SHIPPED_TEMPLATES, TEMPLATES_DIR
from .templates import shipped_templates

MANIFEST = MANIFEST_FILE


def sha256(data: bytes) -> str:
    """Hash bytes."""
    return hashlib.sha256(data).hexdigest()


def file_hash(path: Path) -> str | None:
    """Hash a file's bytes, or None when it cannot be read."""
    try:
        with path.open("rb") as stream:
            # In blocks: a seed of gigabytes is refused by the build's size limit, not by running out of memory here.
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None


def input_hashes(root: Path, options: dict[str, str] | None = None) -> dict[str, str]:
    """Hash every file a build may read (settings, facts, seeds, templates) and the options it was given."""
    hashes: dict[str, str] = {"citebrief": __version__}
    hashes.update({f"option:{name}": value for name, value in (options or {}).items()})
    settings = root / SETTINGS_FILE
    if settings.is_file():
        hashes[SETTINGS_FILE] = file_hash(settings) or "unreadable"
    for folder in INPUT_FOLDERS:
        _hash_tree(root / folder, folder, hashes)
    shipped = shipped_templates()
    if shipped.resolve() != (root / TEMPLATES_DIR).resolve():
        _hash_tree(shipped, SHIPPED_TEMPLATES, hashes)
    return hashes


def _hash_tree(folder: Path, label: str, hashes: dict[str, str]) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            hashes[f"{label}/{path.relative_to(folder).as_posix()}"] = file_hash(path) or "unreadable"


@dataclass
class Manifest:
    """What the last successful build read and wrote."""

    inputs: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)  # output name -> hash of its bytes
    keys: dict[str, str] = field(default_factory=dict)  # output name -> hash of what it was made from
    edition: dict | None = None  # the edition the outputs are, as its file records it; None for a draft
    draft_after: int | None = None  # for a draft, the last edition's number
    warnings: list[dict] = field(default_factory=list)  # the warnings outstanding when the outputs were made

    @classmethod
    def read(cls, out_dir: Path) -> Manifest:
        """Read the manifest from an output folder; an absent or damaged one is empty."""
        try:
            data = json.loads((out_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
            return cls(dict(data["inputs"]), dict(data["outputs"]), dict(data.get("keys", {})),
                       data.get("edition"), data.get("draft_after"), list(data.get("warnings", [])))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def to_bytes(self) -> bytes:
        """Serialise the manifest."""
        data = {"inputs": self.inputs, "outputs": self.outputs, "keys": self.keys, "edition": self.edition,
                "draft_after": self.draft_after, "warnings": self.warnings}
        return (json.dumps(data, indent=1, sort_keys=True) + "\n").encode()

    def outputs_intact(self, out_dir: Path) -> bool:
        """Whether every output recorded is on disk with the bytes the build wrote."""
        return bool(self.outputs) and all(self.intact(out_dir, name) for name in self.outputs)

    def intact(self, out_dir: Path, name: str) -> bool:
        """Whether one output is on disk as the last build wrote it."""
        return name in self.outputs and file_hash(out_dir / name) == self.outputs[name]
