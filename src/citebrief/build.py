"""The pipeline: load, verify, analyse, render Markdown, HTML and PDF, then write — nothing before all passed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from .analyse import Brief, analyse
from .errors import Location, Problem, ProjectError
from .html import render_html
from .load import Project, load_project
from .pdf import RefusedResource, render_pdf
from .render import render_markdown
from .seeds import SourceText, read_seeds
from .templates import Templates
from .verify import verify_project
from .write import write_outputs


@dataclass
class Checked:
    """A project that passed every check, with its source texts and any warnings."""

    project: Project
    texts: dict[str, SourceText]
    warnings: list[Problem]


def check(root: Path, strict: bool = False) -> tuple[Checked | None, list[Problem]]:
    """Load and verify a project; return it only if it has no errors, and every problem found.

    With strict, every warning counts as an error.
    """
    project, problems = load_project(root)
    texts, seed_problems = read_seeds(root, project.sources)
    problems += seed_problems + verify_project(project, texts)
    if strict:
        problems = [replace(p, severity="error") for p in problems]
    if any(p.severity == "error" for p in problems):
        return None, problems
    return Checked(project, texts, problems), problems


def build(root: Path, out_dir: Path | None = None, strict: bool = False) -> list[Path]:
    """Build brief.md, brief.html and brief.pdf; write nothing unless every stage succeeds."""
    checked, problems = check(root, strict)
    if checked is None:
        raise ProjectError(problems)
    brief = analyse(checked.project, checked.texts)
    templates = Templates(root)
    outputs = render(brief, templates, root)
    return write_outputs(out_dir or root / "output", outputs)


def render(brief: Brief, templates: Templates, root: Path) -> dict[str, bytes]:
    """Render the brief in every format, reporting template problems as project errors."""
    stage = "brief.md.j2"
    try:
        markdown = render_markdown(brief, templates)
        stage = "page.html.j2"
        html = render_html(markdown, brief, templates)
        stage = "pdf.css"
        pdf = render_pdf(html, templates)
    except jinja2.TemplateError as exc:
        raise ProjectError([templates.problem(exc, stage, root)]) from None
    except RefusedResource as exc:
        raise ProjectError([Problem.at(Location("templates"), "resource-refused", str(exc))]) from None
    return {"brief.md": markdown.encode(), "brief.html": html.encode(), "brief.pdf": pdf}
