"""The pipeline: load, verify, analyse, render Markdown, HTML and PDF, then write — nothing before all passed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from .analyse import Brief, analyse
from .content import content_records
from .editions import editions_bytes, next_edition, read_editions
from .errors import Location, Problem, ProjectError
from .html import render_html
from .load import Project, load_project
from .manifest import MANIFEST, Manifest, input_hashes, sha256
from .pdf import MissingGlyph, PdfAttachment, RefusedResource, evidence_attachments, glyph_problems, pdf_key, render_pdf
from .render import render_markdown
from .seeds import SourceText, read_seeds
from .templates import Templates
from .verify import verify_project
from .write import write_outputs

EDITIONS_FILE = "editions.json"
PAGE_TEMPLATE = "page.html.j2"

Progress = Callable[[str], None]  # called with a stage's name as the stage starts


def _silent(stage: str) -> None:
    """Report no progress."""


@dataclass
class Checked:
    """A project that passed every check, with its source texts."""

    project: Project
    texts: dict[str, SourceText]


@dataclass
class Rendered:
    """The brief in every format, and what its PDF was printed from."""

    outputs: dict[str, bytes]
    pdf_key: str


@dataclass
class Result:
    """What a build did."""

    edition: int
    new_edition: bool
    written: list[Path] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        """Whether the build found nothing to do."""
        return not self.written


def check(
    root: Path, strict: bool = False, progress: Progress = _silent
) -> tuple[Checked | None, list[Problem]]:
    """Load and verify a project; return it only if it has no errors, and every problem found.

    With strict, every warning counts as an error.
    """
    progress("load")
    project, problems = load_project(root)
    progress("seeds")
    texts, seed_problems = read_seeds(root, project.sources)
    progress("verify")
    problems += seed_problems + verify_project(project, texts)
    if strict:
        problems = [replace(p, severity="error") for p in problems]
    if any(p.severity == "error" for p in problems):
        return None, problems
    return Checked(project, texts), problems


def build(
    root: Path,
    out_dir: Path | None = None,
    strict: bool = False,
    force: bool = False,
    pdf_variant: str | None = None,
    progress: Progress = _silent,
) -> Result:
    """Build brief.md, brief.html and brief.pdf, rendering only what changed; write nothing unless all passed."""
    out_dir = out_dir or root / "output"
    manifest = Manifest.read(out_dir)
    inputs = input_hashes(root, {"pdf-variant": pdf_variant or ""})  # hashed before reading, so that an edit made during the build starts another
    editions = read_editions(out_dir)
    if not force and editions and manifest.inputs == inputs and manifest.outputs_intact(out_dir):
        return Result(editions[-1].number, False)

    checked, problems = check(root, strict, progress)
    if checked is None:
        raise ProjectError(problems)
    progress("analyse")
    seeds = {source_id: text.sha256 for source_id, text in checked.texts.items()}
    now, changes = next_edition(editions, checked.project, seeds)
    brief = analyse(checked.project, checked.texts, now[-1], changes)
    attachments = evidence_attachments(content_records(checked.project, seeds), checked.project.sources)
    variant = checked.project.settings.pdf_variant if pdf_variant is None else pdf_variant
    pdf = PdfOptions(attachments, variant, brief.as_of, now[-1].content[:32])
    try:
        rendered = render(brief, Templates(root), root, pdf, None if force else manifest, out_dir, progress)
    except MissingGlyph as exc:
        project = checked.project
        raise ProjectError(glyph_problems(exc.characters, [*project.facts, *project.judgments, *project.disagreements])) from None

    outputs = dict(rendered.outputs, **{EDITIONS_FILE: editions_bytes(now)})
    changed = {name: data for name, data in outputs.items() if force or not _on_disk(manifest, out_dir, name, data)}
    record = Manifest(inputs, {name: sha256(data) for name, data in outputs.items()}, {"brief.pdf": rendered.pdf_key})
    progress("write")
    written = write_outputs(out_dir, {**changed, MANIFEST: record.to_bytes()})
    return Result(now[-1].number, now != editions, [path for path in written if path.name != MANIFEST])


@dataclass
class PdfOptions:
    """How the PDF is printed: what it carries, its variant, its fixed date and identifier."""

    attachments: list[PdfAttachment]
    variant: str
    date: dt.date
    identifier: str


def render(
    brief: Brief, templates: Templates, root: Path, pdf_options: PdfOptions, manifest: Manifest | None, out_dir: Path,
    progress: Progress = _silent,
) -> Rendered:
    """Render the brief in every format; print the PDF again only if what it is printed from changed."""
    stage = "brief.md.j2"
    try:
        progress("markdown")
        markdown = render_markdown(brief, templates)
        stage = "page.html.j2"
        progress("html")
        html = render_html(markdown, brief, templates)
        stage = "pdf.css"
        progress("pdf")
        options = pdf_options
        key = pdf_key(html, templates, options.attachments, options.variant) + options.identifier
        if manifest and manifest.keys.get("brief.pdf") == key and manifest.intact(out_dir, "brief.pdf"):
            pdf = (out_dir / "brief.pdf").read_bytes()
        else:
            pdf = render_pdf(html, templates, options.attachments, options.variant, options.date, options.identifier)
    except jinja2.TemplateError as exc:
        raise ProjectError([templates.problem(exc, stage, root)]) from None
    except RefusedResource as exc:
        raise ProjectError([Problem.at(Location(_page_template(templates, root)), "resource-refused", str(exc))]) from None
    return Rendered({"brief.md": markdown.encode(), "brief.html": html.encode(), "brief.pdf": pdf}, key)


def _page_template(templates: Templates, root: Path) -> str:
    """Name the page template that asked for a resource, as the project sees it."""
    path = templates.find(PAGE_TEMPLATE)
    root = root.resolve()
    if path is not None and path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return f"<citebrief>/templates/{PAGE_TEMPLATE}"


def _on_disk(manifest: Manifest, out_dir: Path, name: str, data: bytes) -> bool:
    """Whether an output already stands on disk with exactly these bytes, as the last build left it."""
    return manifest.outputs.get(name) == sha256(data) and manifest.intact(out_dir, name)
