"""Find template files: the project's own templates/ first, then the ones citebrief ships.

Jinja is imported only to render: the no-op build reads this module for the shipped templates' folder.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Location, Problem
from .layout import SHIPPED_TEMPLATES, TEMPLATES_DIR

if TYPE_CHECKING:
    import jinja2


def shipped_templates() -> Path:
    """The templates citebrief ships: inside the wheel, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent
    installed = package / TEMPLATES_DIR
    return installed if installed.is_dir() else package.parent.parent / TEMPLATES_DIR


class Templates:
    """The template folders of a project, searched in order, file by file."""

    def __init__(self, project_root: Path):
        self.root = project_root.resolve()
        own = (project_root / TEMPLATES_DIR).resolve()
        shipped = shipped_templates().resolve()
        self.folders = [own] if own == shipped else [own, shipped]
        # Kept while the process lives (watch, serve): each environment caches its compiled templates
        # and recompiles one only when its file changes; the PDF stage keeps its parsed stylesheet here.
        self.warm: dict[object, object] = {}

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
            import jinja2

            raise jinja2.TemplateNotFound(name)
        return path.read_text(encoding="utf-8")

    def shown(self, name: str, path: Path | None = None) -> str:
        """Name a template file as diagnostics show it: its path in the project, or among the shipped ones."""
        path = path or self.find(name)
        if path is not None and path.is_relative_to(self.root):
            return path.relative_to(self.root).as_posix()
        return f"{SHIPPED_TEMPLATES}/{name}"

    def environment(self, autoescape: bool, **options) -> jinja2.Environment:
        """Make a sandboxed Jinja environment that loads only from these folders."""
        # A project's own template is input like any other: sandboxed, it cannot reach Python's
        # internals (cycler.__init__.__globals__.os …) to run commands or read files outside the project.
        import jinja2

        key = ("environment", autoescape, tuple(sorted(options.items())))
        if key in self.warm:
            return self.warm[key]
        sandbox, loader = _jinja_classes()
        self.warm[key] = environment = sandbox(
            loader=loader(self),
            autoescape=autoescape,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            **options,
        )
        return environment

    def problem(self, exc: jinja2.TemplateError, name: str) -> Problem:
        """Describe a template error at the template's file and line."""
        import jinja2

        if isinstance(exc, jinja2.TemplateNotFound):
            return self._not_found(exc, name)
        template = getattr(exc, "name", None) or name
        path = self.find(template)
        where = self.shown(template, path) if path else template
        line = getattr(exc, "lineno", None) or 1
        return Problem.at(Location(where, line), "template-error", str(exc.message or exc))

    def _not_found(self, exc: jinja2.TemplateNotFound, name: str) -> Problem:
        """Describe a template asked for by name but not in the template folders, where it was asked for."""
        # The missing name says nothing about where it was asked for; Jinja's traceback does, by template line.
        where = Location(name)
        trace = exc.__traceback__
        while trace is not None:
            path = Path(trace.tb_frame.f_code.co_filename)
            if any(path.is_relative_to(folder) for folder in self.folders):
                where = Location(self.shown(path.name, path), trace.tb_lineno)
            trace = trace.tb_next
        return Problem.at(where, "template-error",
                          f"template '{exc.name}' is not in the template folders; templates can include only those")


@functools.cache
def _jinja_classes() -> tuple[type[jinja2.Environment], type[jinja2.BaseLoader]]:
    """Make the sandboxed environment and the confined loader, importing Jinja only now."""
    import jinja2
    import jinja2.sandbox

    class Sandbox(jinja2.sandbox.SandboxedEnvironment):
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

    class ConfinedLoader(jinja2.BaseLoader):
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

    return Sandbox, ConfinedLoader
