"""Change tracking around the pipeline: the manifest, the input hashes, the editions and the PDF key.

Only this layer reads the output folder. It decides "up to date" once, before any stage runs, from
input hashes taken once; afterwards it numbers the edition, says whether the last PDF can be kept, and
writes what changed. Standard library only: the no-op build imports nothing of the rendering stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .editions import Changes, Edition, current, editions_bytes, next_edition, read_editions
from .layout import EDITIONS_FILE, MANIFEST_FILE, output_dir
from .manifest import Manifest, input_hashes, sha256
from .options import PLAIN_PDF, PLAIN_PDF_ARGUMENT
from .write import write_output_set

if TYPE_CHECKING:
    from .models import Project


@dataclass
class Result:
    """What a build did."""

    edition: int
    new_edition: bool
    written: list[Path] = field(default_factory=list)
    problems: list = field(default_factory=list)  # warnings the rendering stages found (errors.Problem)

    @property
    def up_to_date(self) -> bool:
        """Whether the build found nothing to do."""
        return not self.written


class Tracker:
    """What the last build left in the output folder, and what this build reads and writes there."""

    def __init__(self, root: Path, out_dir: Path | None = None, pdf_variant: str | None = None, force: bool = False):
        self.out_dir = output_dir(root, out_dir)
        self.pdf_variant = pdf_variant  # None: as the settings say
        self.force = force
        self.manifest = Manifest.read(self.out_dir)
        # Hashed before any stage reads a file, so that an edit made during the build starts another.
        self.inputs = input_hashes(root, {"pdf-variant": _option(pdf_variant)})
        self.editions = read_editions(self.out_dir)
        self.now = self.editions  # with this build's edition, once numbered
        self.keys: dict[str, str] = {}
        self.up_to_date = (
            not force and bool(self.editions)
            and self.manifest.inputs == self.inputs and self.manifest.outputs_intact(self.out_dir)
        )

    def unchanged(self) -> Result:
        """Report a build that had nothing to do."""
        return Result(current(self.editions).number, False)

    def number(self, project: Project, seed_hashes: dict[str, str]) -> tuple[Edition, Changes]:
        """Give this build's edition: the last one if the content is the same, else the next; and its changes."""
        self.now, changes = next_edition(self.editions, project, seed_hashes)
        return self.now[-1], changes

    def variant(self, settings_variant: str) -> str:
        """The PDF variant to print: the one asked for on the command line, else the settings'."""
        return settings_variant if self.pdf_variant is None else self.pdf_variant

    def reusable(self, name: str, key: str) -> bytes | None:
        """The output the last build made from exactly what this one would make it from, if it is still intact."""
        self.keys[name] = key
        if self.force or self.manifest.keys.get(name) != key or not self.manifest.intact(self.out_dir, name):
            return None
        return (self.out_dir / name).read_bytes()

    def write(self, rendered: dict[str, bytes]) -> Result:
        """Write the outputs that differ from what is on disk, then the manifest; nothing else."""
        outputs = {**rendered, EDITIONS_FILE: editions_bytes(self.now)}
        changed = {name: data for name, data in outputs.items() if self.force or not self._on_disk(name, data)}
        record = Manifest(self.inputs, {name: sha256(data) for name, data in outputs.items()}, self.keys)
        written = write_output_set(self.out_dir, {**outputs, MANIFEST_FILE: record.to_bytes()}, {*changed, MANIFEST_FILE})
        return Result(self.now[-1].number, self.now != self.editions,
                      [path for path in written if path.name != MANIFEST_FILE])

    def _on_disk(self, name: str, data: bytes) -> bool:
        """Whether an output already stands on disk with exactly these bytes, as the last build left it."""
        return self.manifest.outputs.get(name) == sha256(data) and self.manifest.intact(self.out_dir, name)


def _option(pdf_variant: str | None) -> str:
    """Spell --pdf-variant for the manifest: empty when not given, as the command line writes it otherwise."""
    if pdf_variant is None:
        return ""
    return PLAIN_PDF_ARGUMENT if pdf_variant == PLAIN_PDF else pdf_variant
