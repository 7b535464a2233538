"""Problems found in a brief project, and the one error that carries them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Literal

Severity = Literal["error", "warning", "note"]  # a note says what was not checked, and why


@dataclass(frozen=True, order=True)
class Location:
    """Where something stands in a project file: path relative to the project, 1-based line and column."""

    file: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Problem:
    """One diagnostic about the project, reported with its location."""

    file: str
    line: int
    column: int
    fact: str | None
    code: str
    severity: Severity
    message: str

    @classmethod
    def at(
        cls,
        where: Location,
        code: str,
        message: str,
        fact: str | None = None,
        severity: Severity = "error",
    ) -> Problem:
        """Make a problem at a location."""
        return cls(where.file, where.line, where.column, fact, code, severity, message)

    def __str__(self) -> str:
        subject = f" {self.fact}:" if self.fact else ""
        return (
            f"{self.file}:{self.line}:{self.column}: "
            f"{self.severity}[{self.code}]{subject} {self.message}"
        )


CLIP = 80  # characters of a user's value echoed in a diagnostic


def clip(text: str, limit: int = CLIP) -> str:
    """Shorten a value echoed in a diagnostic, so that a megabyte of input is not a megabyte of report."""
    return text if len(text) <= limit else text[:limit] + "…"


def did_you_mean(word: str, choices: Iterable[str], otherwise: str = "") -> str:
    """Suggest the closest of the choices to a misspelt word, as a clause to end a message with."""
    import difflib  # only a misspelt name asks

    close = difflib.get_close_matches(word, sorted(choices), n=1)
    return f"; did you mean '{close[0]}'?" if close else otherwise


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Order problems by file, line and column so reports read top to bottom."""
    return sorted(problems, key=lambda p: (p.file, p.line, p.column, p.code, p.message))


def strictly(problems: list[Problem]) -> list[Problem]:
    """Count every warning as an error, as --strict asks."""
    return [replace(p, severity="error") if p.severity == "warning" else p for p in problems]


def format_text(problems: list[Problem]) -> str:
    """Format problems one per line, followed by a count."""
    lines = [str(p) for p in problems]
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)


def format_json(problems: list[Problem]) -> str:
    """Format problems as a JSON list with the keys file, line, column, fact, code, severity, message."""
    return json.dumps([asdict(p) for p in problems], indent=2, ensure_ascii=False)


class CitebriefError(Exception):
    """Base class for errors caused by the user's project or command line, never by a bug."""


class ProjectError(CitebriefError):
    """The project has errors; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sort_problems(problems)
        errors = sum(p.severity == "error" for p in self.problems)
        super().__init__(f"the project has {errors} error(s); nothing was written")


class OutputError(CitebriefError):
    """An output could not be written; the previous outputs are kept."""
