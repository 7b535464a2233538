"""The pipeline: load, seeds, verify, then analyse, markdown, html, pdf and write — nothing written before all passed.

The stages are data, a named and ordered list (markdown-it-py's rules are the model): progress and
error reports name a stage from the list. Change tracking — manifest, input hashes, editions, whether
the last PDF can be kept — is not a stage: it lives in incremental.Tracker, around the pipeline.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from .collector import paused
from .errors import Location, Problem, ProjectError, strictly
from .layout import BRIEF_HTML, BRIEF_MD, BRIEF_PDF, SETTINGS_FILE
from .load import load_project
from .memo import Memo
from .models import Evidence, Project
from .progress import Progress, silent
from .seeds import SourceText, read_seeds
from .verify import verify_project

if TYPE_CHECKING:
    from .analyse import Brief
    from .incremental import Result, Tracker
    from .templates import Templates

# The rendering stack (change tracking, analyse, compose, Markdown, HTML, PDF, Jinja) is imported where a build
# uses it: `check` never loads it.

State = TypeVar("State")


@dataclass(frozen=True)
class Stage(Generic[State]):
    """One step of the pipeline: its name, what it does to the build's state, the template it renders."""

    name: str
    run: Callable[[State], None]
    template: str | None = None  # "module.CONSTANT" naming the file a template error in this stage is reported at


@dataclass
class Checking:
    """What the checking stages have read so far, and every problem they found."""

    root: Path
    project: Project | None = None
    texts: dict[str, SourceText] = field(default_factory=dict)
    evidence: Evidence = field(default_factory=Evidence)
    problems: list[Problem] = field(default_factory=list)
    acknowledged: list[Problem] | None = None  # filled with acknowledged warnings, where asked for
    memo: Memo | None = None  # results an earlier run computed from the same inputs, where kept


@dataclass
class Checked:
    """A project that passed every check: its source texts, every citation located in them, the warnings that remain."""

    project: Project
    texts: dict[str, SourceText]
    evidence: Evidence
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class Rendering:
    """A checked project on its way to the outputs: what the rendering stages have made so far."""

    checked: Checked
    tracker: Tracker
    templates: Templates
    seed_hashes: dict[str, str] = field(default_factory=dict)
    brief: Brief | None = None
    markdown: str = ""
    html: str = ""
    pdf: bytes = b""
    annex_page: int | None = None  # where the PDF's annex starts, counted from 1
    result: Result | None = None
    strict: bool = False
    problems: list[Problem] = field(default_factory=list)  # warnings found while rendering
    preview: Callable[[str], None] | None = None  # shown the page as soon as it is rendered (serve)


def _load(state: Checking) -> None:
    state.project, state.problems = load_project(state.root)


def _seeds(state: Checking) -> None:
    state.texts, problems = read_seeds(state.root, state.project.sources)
    state.problems += problems


def _verify(state: Checking) -> None:
    problems, state.evidence = verify_project(state.project, state.texts, state.acknowledged, state.memo)
    state.problems += problems


def _analyse(state: Rendering) -> None:
    from .analyse import analyse

    project, texts = state.checked.project, state.checked.texts
    state.seed_hashes = {source_id: text.sha256 for source_id, text in texts.items()}
    edition, changes = state.tracker.number(project, state.seed_hashes)
    state.brief = analyse(project, texts, state.checked.evidence, edition, changes)


def _markdown(state: Rendering) -> None:
    from . import render

    state.markdown = render.render_markdown(state.brief, state.templates)


def _html(state: Rendering) -> None:
    from . import html

    state.html = html.render_html(state.markdown, state.brief, state.templates)
    if state.preview is not None:  # the page first, the PDF after it
        state.preview(state.html)


def _pdf(state: Rendering) -> None:
    from . import compose, pdf
    from .content import content_records

    project, templates = state.checked.project, state.templates
    attachments = pdf.evidence_attachments(content_records(project, state.seed_hashes), project.sources)
    variant = state.tracker.variant(project.settings.pdf_variant)
    identifier = state.tracker.content[:32]
    key = pdf.pdf_key(state.html, templates, attachments, variant) + identifier
    kept = state.tracker.reusable(BRIEF_PDF, key)
    if kept:
        state.pdf, state.annex_page = kept, compose.annex_page(kept)
        return
    printed = pdf.render_pdf(state.html, templates, attachments, variant, state.brief.as_of, identifier,
                             anchors=(compose.ANNEX_ANCHOR,))
    state.pdf, state.annex_page = printed.data, printed.pages.get(compose.ANNEX_ANCHOR)


def _front(state: Rendering) -> None:
    from . import compose

    project = state.checked.project
    problems = compose.front_problems(state.annex_page, project.settings.front_pages, project.root / SETTINGS_FILE)
    if state.strict and problems:
        raise ProjectError(strictly(problems))
    state.problems += problems


def _write(state: Rendering) -> None:
    state.result = state.tracker.write(
        {BRIEF_MD: state.markdown.encode(), BRIEF_HTML: state.html.encode(), BRIEF_PDF: state.pdf},
        state.checked.warnings + state.problems,
    )


CHECKS: list[Stage[Checking]] = [
    Stage("load", _load),
    Stage("seeds", _seeds),
    Stage("verify", _verify),
]
RENDERING: list[Stage[Rendering]] = [
    Stage("analyse", _analyse),
    Stage("markdown", _markdown, "render.TEMPLATE"),
    Stage("html", _html, "html.TEMPLATE"),
    Stage("pdf", _pdf, "pdf.STYLESHEET"),
    Stage("front", _front),
    Stage("write", _write),
]
PIPELINE = [stage.name for stage in CHECKS + RENDERING]


def check(root: Path, strict: bool = False, progress: Progress = silent,
          acknowledged: list[Problem] | None = None, memo: Memo | None = None) -> tuple[Checked | None, list[Problem]]:
    """Load and verify a project; return it only if it has no errors, and every problem found.

    With strict, every warning counts as an error; `acknowledged` receives the warnings records acknowledge;
    `memo` gives results an earlier check computed from the same inputs, and keeps this check's for the next.
    """
    state = Checking(root, acknowledged=acknowledged, memo=memo)
    with paused():  # reading and checking make records, texts and readings that all stay alive
        for stage in CHECKS:
            progress(stage.name)
            stage.run(state)
    if memo is not None:
        memo.save()
    problems = strictly(state.problems) if strict else state.problems
    if any(p.severity == "error" for p in problems):
        return None, problems
    return Checked(state.project, state.texts, state.evidence, [p for p in problems if p.severity == "warning"]), problems


def build(
    root: Path,
    out_dir: Path | None = None,
    strict: bool = False,
    force: bool = False,
    pdf_variant: str | None = None,
    progress: Progress = silent,
    tracker: Tracker | None = None,
    edition: bool = False,
    templates: Templates | None = None,
    preview: Callable[[str], None] | None = None,
    memo: Memo | None = None,
) -> Result:
    """Build brief.md, brief.html and brief.pdf, rendering only what changed; write nothing unless all passed.

    The brief is a draft unless its content is the last edition's; with edition, a changed brief becomes
    the next edition. With strict, a build with nothing to do still fails while warnings remain.
    A process that builds again and again (watch, serve) passes its templates, to keep them warm, and a
    preview, to show the page before the PDF is printed. `memo` is check's.
    """
    from .incremental import Tracker
    from .templates import Templates

    tracker = tracker or Tracker(root, out_dir, pdf_variant, force, edition)
    if tracker.up_to_date:
        return tracker.unchanged(strict)
    checked, problems = check(root, strict, progress, memo=memo)
    if checked is None:
        raise ProjectError(problems)
    state = Rendering(checked, tracker, templates or Templates(root), strict=strict, preview=preview)
    for stage in RENDERING:
        progress(stage.name)
        _render(stage, state)
    return state.result


def _render(stage: Stage[Rendering], state: Rendering) -> None:
    """Run a rendering stage; report an error in a template at the template's file and line."""
    import jinja2

    from . import html, pdf

    try:
        stage.run(state)
    except jinja2.TemplateError as exc:
        raise ProjectError([state.templates.problem(exc, _named(stage.template))]) from None
    except pdf.MissingGlyph as exc:
        project = state.checked.project
        records = [*project.facts, *project.judgments, *project.disagreements, *project.sources]
        raise ProjectError(pdf.glyph_problems(exc.characters, records)) from None
    except pdf.RefusedResource as exc:
        where = Location(state.templates.shown(html.TEMPLATE))  # the page asked for it
        raise ProjectError([Problem.at(where, "resource-refused", str(exc))]) from None


def _named(reference: str | None) -> str | None:
    """The file a stage's "module.CONSTANT" names."""
    if reference is None:
        return None
    module, constant = reference.rsplit(".", 1)
    return getattr(importlib.import_module(f".{module}", __package__), constant)
