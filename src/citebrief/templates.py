"""Find template files: the project's own templates/ first, then the ones citebrief ships."""

from __future__ import annotations

from pathlib import Path

import jinja2
import jinja2.sandbox

from .errors import Location, Problem
from .manifest import shipped_templates_dir as shipped_templates


class Templates:
    """The template folders of a project, searched in order, file by file."""

    def __init__(self, project_root: Path):
        own = (project_root / "templates").resolve()
        shipped = shipped_templates().resolve()
        self.folders = [own] if own == shipped else [own, shipped]

    def find(self, name: str) -> Path | None:
        """Resolve a template file name to the first folder that has it, never outside those folders."""
        for folder in self.folders:
            candidate = (folder / name).resolve()
            if candidate.is_relative_to(folder) and candidate.is_file():
                return candidate
        return None

    def read(self, name: str) -> str:
        """Read a template file as UTF-8."""
        path = self.find(name)
        if path is None:
            raise jinja2.TemplateNotFound(name)
        return path.read_text(encoding="utf-8")

    def environment(self, autoescape: bool, **options) -> jinja2.Environment:
        """Make a sandboxed Jinja environment that loads only from these folders."""
        # A project's own template is input like any other: sandboxed, it cannot reach Python's
        # internals (cycler.__init__.__globals__.os …) to run commands or read files outside the project.
        return _Sandbox(
            loader=_ConfinedLoader(self),
            autoescape=autoescape,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            **options,
        )

    def problem(self, exc: jinja2.TemplateError, name: str, project_root: Path) -> Problem:
        """Describe a template error at the template's file and line."""
        if isinstance(exc, jinja2.TemplateNotFound):
            return self._not_found(exc, name, project_root)
        template = getattr(exc, "name", None) or name
        path = self.find(template)
        try:
            rel = path.relative_to(project_root.resolve()).as_posix() if path else template
        except ValueError:
            rel = f"<citebrief>/templates/{template}"
        line = getattr(exc, "lineno", None) or 1
        return Problem.at(Location(rel, line), "template-error", str(exc.message or exc))


    def _not_found(self, exc: jinja2.TemplateNotFound, name: str, project_root: Path) -> Problem:
        """Describe a template asked for by name but not in the template folders, where it was asked for."""
        # The missing name says nothing about where it was asked for; Jinja's traceback does, by template line.
        where = Location(name)
        trace = exc.__traceback__
        while trace is not None:
            path = Path(trace.tb_frame.f_code.co_filename)
            if any(path.is_relative_to(folder) for folder in self.folders):
                where = Location(_relative(path, project_root), trace.tb_lineno)
            trace = trace.tb_next
        return Problem.at(where, "template-error",
                          f"template '{exc.name}' is not in the template folders; templates can include only those")


class _Sandbox(jinja2.sandbox.SandboxedEnvironment):
    """Jinja's sandbox, remembering its verdict on each attribute of each type: the same verdicts, faster."""

    def __init__(self, **options):
        super().__init__(**options)
        self._verdicts: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj, attr, value) -> bool:
        # Jinja's verdict depends on the object's type and the attribute's name only.
        key = (type(obj), attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
        return verdict


def _relative(path: Path, project_root: Path) -> str:
    try:
        return path.relative_to(project_root.resolve()).as_posix()
    except ValueError:
        return f"<citebrief>/templates/{path.name}"


class _ConfinedLoader(jinja2.BaseLoader):
    """Load templates by name from the project's folders; a symlink out of them is not followed."""

    def __init__(self, templates: Templates):
        self.templates = templates

    def get_source(self, environment: jinja2.Environment, template: str):
        path = self.templates.find(template)
        if path is None:
            raise jinja2.TemplateNotFound(template)
        source = path.read_text(encoding="utf-8")
        mtime = path.stat().st_mtime
        return source, str(path), lambda: path.stat().st_mtime == mtime
