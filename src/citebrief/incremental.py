"""Change tracking around the pipeline: the manifest, the input hashes, the editions and the PDF key.

Only this layer reads the output folder and writes the project's editions/. It decides "up to date"
once, before any stage runs, from input hashes taken once; afterwards it says what the brief is (an
edition or a draft), whether the last PDF can be kept, and writes what changed. Standard library only:
the no-op build imports nothing of the rendering stack.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .editions import (
    Changes, Draft, Edition, edition_data, edition_from, editions_dir, place, read_editions, snapshot,
)
from .errors import CitebriefError, Problem, ProjectError, strictly
from .layout import EDITIONS_DIR, MANIFEST_FILE, output_dir
from .manifest import Manifest, input_hashes, sha256
from .options import PLAIN_PDF, PLAIN_PDF_ARGUMENT, untagged
from .write import write_output_set, write_outputs

if TYPE_CHECKING:
    from .models import Project


@dataclass
class Result:
    """What a build did."""

    edition: int | None  # the edition the brief is, or for a draft the last edition's number
    new_edition: bool
    written: list[Path] = field(default_factory=list)
    draft: bool = False
    warnings: list[Problem] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        """Whether the build found nothing to do."""
        return not self.written

    def describe(self) -> str:
        """Say whether the built brief is an edition or a draft, and what makes the next edition."""
        if not self.draft:
            same = "" if self.new_edition or self.up_to_date else " (no fact or source changed)"
            return f"edition {self.edition}{same}"
        after = f"after edition {self.edition}" if self.edition else "before the first edition"
        return f"draft {after}; citebrief publish (or build --edition) makes it edition {(self.edition or 0) + 1}"

    @property
    def new_content(self) -> bool:
        """Whether the brief says something the last edition did not: a draft, or an edition made now."""
        return self.draft or self.new_edition


class Tracker:
    """What the last build left in the output folder, and what this build reads and writes there."""

    def __init__(
        self, root: Path, out_dir: Path | None = None, pdf_variant: str | None = None, force: bool = False,
        edition: bool = False, untagged_drafts: bool = False,
    ):
        self.root = root
        self.out_dir = output_dir(root, out_dir)
        self.pdf_variant = pdf_variant  # None: as the settings say
        self.untagged_drafts = untagged_drafts  # watch and serve: drafts print without the tag tree
        self.force = force
        self.make_edition = edition  # make an edition if the content changed since the last one
        self.manifest = Manifest.read(self.out_dir)
        # Hashed before any stage reads a file, so that an edit made during the build starts another.
        options = {"pdf-variant": _option(pdf_variant), **({"untagged-drafts": "yes"} if untagged_drafts else {})}
        self.inputs = input_hashes(root, options)
        self.editions = read_editions(root)
        self.brief: Edition | Draft | None = None  # what this build's brief is, once placed
        self.keys: dict[str, str] = {}
        self.up_to_date = (
            not force and self.manifest.inputs == self.inputs and self.manifest.outputs_intact(self.out_dir)
            and not (edition and self.manifest.edition is None)
        )

    @property
    def warnings(self) -> list[Problem]:
        """The warnings outstanding when the last build made its outputs."""
        return [Problem(**w) for w in self.manifest.warnings]

    def unchanged(self, strict: bool = False) -> Result:
        """Report a build that had nothing to do; with strict, fail while the warnings it left remain."""
        if strict and self.warnings:
            raise ProjectError(strictly(self.warnings))
        built = self.manifest.edition
        if built is not None:
            return Result(built["number"], False, warnings=self.warnings)
        return Result(self.manifest.draft_after, False, draft=True, warnings=self.warnings)

    def number(self, project: Project, seed_hashes: dict[str, str]) -> tuple[Edition | Draft, Changes | None]:
        """Say what this build's brief is — the last edition, a new one (if asked for), or a draft — and its changes."""
        self.brief, changes = place(self.editions, snapshot(project, seed_hashes), self.make_edition)
        return self.brief, changes

    @property
    def content(self) -> str:
        """The hash of this build's brief content."""
        return self.brief.content

    def variant(self, settings_variant: str) -> str:
        """The PDF variant to print: the one asked for on the command line, else the settings', untagged for a draft."""
        chosen = settings_variant if self.pdf_variant is None else self.pdf_variant
        return untagged(chosen) if self.untagged_drafts else chosen

    def reusable(self, name: str, key: str) -> bytes | None:
        """The output the last build made from exactly what this one would make it from, if it is still intact."""
        self.keys[name] = key
        if self.force or self.manifest.keys.get(name) != key or not self.manifest.intact(self.out_dir, name):
            return None
        return (self.out_dir / name).read_bytes()

    def write(self, rendered: dict[str, bytes], warnings: list[Problem]) -> Result:
        """Record a new edition in editions/, then write the outputs that differ from what is on disk, then the manifest."""
        inputs = dict(self.inputs)
        new = self._record_editions()
        for name, data in new.items():  # this build wrote them: the next one finds them as it left them
            inputs[f"{EDITIONS_DIR}/{name}"] = sha256(data)
        changed = {name: data for name, data in rendered.items() if self.force or not self._on_disk(name, data)}
        edition = None if self.brief.draft else edition_data(self.brief)
        record = Manifest(
            inputs, {name: sha256(data) for name, data in rendered.items()}, self.keys,
            edition, self.brief.after if self.brief.draft else None, [asdict(w) for w in warnings],
        )
        written = write_output_set(self.out_dir, {**rendered, MANIFEST_FILE: record.to_bytes()}, {*changed, MANIFEST_FILE})
        number = self.brief.after if self.brief.draft else self.brief.number
        new_edition = not self.brief.draft and self.brief not in self.editions
        return Result(number, new_edition, [path for path in written if path.name != MANIFEST_FILE],
                      self.brief.draft, warnings)

    def _record_editions(self) -> dict[str, bytes]:
        """Write this build's new edition (and any read from an old output/editions.json) into editions/."""
        folder = editions_dir(self.root)
        editions = list(self.editions)
        if not self.brief.draft and self.brief not in editions:
            if (folder / self.brief.file_name).exists():  # recorded by another build, or a pull, since this one began
                raise CitebriefError(f"{folder / self.brief.file_name} already records a different edition "
                                     f"{self.brief.number}; build again to number this brief after it")
            editions.append(self.brief)
        missing = {e.file_name: e.to_bytes() for e in editions if not (folder / e.file_name).exists()}
        if missing:
            write_outputs(folder, missing)
        return missing

    def _on_disk(self, name: str, data: bytes) -> bool:
        """Whether an output already stands on disk with exactly these bytes, as the last build left it."""
        return self.manifest.outputs.get(name) == sha256(data) and self.manifest.intact(self.out_dir, name)


def built_edition(out_dir: Path) -> Edition:
    """The edition the built outputs in a folder are; an error if there are none, or they are a draft."""
    manifest = Manifest.read(out_dir)
    if not manifest.outputs:
        raise CitebriefError(f"{out_dir} holds no built edition; run citebrief build first")
    if manifest.edition is None:
        after = f"after edition {manifest.draft_after}" if manifest.draft_after else "before the first edition"
        raise CitebriefError(f"{out_dir} holds a draft ({after}); make it an edition with citebrief publish "
                             "or citebrief build --edition first")
    return edition_from(manifest.edition)


def _option(pdf_variant: str | None) -> str:
    """Spell --pdf-variant for the manifest: empty when not given, as the command line writes it otherwise."""
    if pdf_variant is None:
        return ""
    return PLAIN_PDF_ARGUMENT if pdf_variant == PLAIN_PDF else pdf_variant
