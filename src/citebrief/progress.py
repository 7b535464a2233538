"""Show a build's progress on the terminal: each stage as it finishes, with its time.

Rich is imported only to report: a build with --quiet, and the no-op path, never load it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.status import Status

Progress = Callable[[str], None]  # called with a stage's name as the stage starts


def silent(stage: str) -> None:
    """Report nothing: the stage callback for --quiet and for builds run from code."""


class StageReport:
    """Print each finished build stage and how long it took; a spinner and colour only on a terminal.

    Call it with a stage's name when the stage starts; use it as a context manager so that the last
    stage is closed, and a failed build leaves no spinner behind and no stage marked done.
    """

    def __init__(self, stream: TextIO | None = None):
        from rich.console import Console

        # Rich leaves colour out when the stream is not a terminal, and honours NO_COLOR.
        self.console = Console(file=stream or sys.stderr, highlight=False, soft_wrap=True)
        self.stage: str | None = None
        self.started = 0.0
        self.began = time.perf_counter()
        self.status: Status | None = None
        self.ran = False

    def __call__(self, stage: str) -> None:
        """Close the running stage and start the next."""
        self._close()
        self.stage, self.started, self.ran = stage, time.perf_counter(), True
        if self.console.is_terminal:
            self.status = self.console.status(f"{stage} …")
            self.status.start()

    def __enter__(self) -> StageReport:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is None and self.ran:
            self._close()
            indent = "  " if self.console.is_terminal else ""
            self.console.print(f"{indent}[bold]{'total':<12}{time.perf_counter() - self.began:6.2f} s[/]")
        elif self.status is not None:
            self.status.stop()

    def _close(self) -> None:
        if self.status is not None:
            self.status.stop()
            self.status = None
        if self.stage is not None:
            seconds = time.perf_counter() - self.started
            mark = "[green]✓[/] " if self.console.is_terminal else ""
            self.console.print(f"{mark}{self.stage:<12}[dim]{seconds:6.2f} s[/]")
            self.stage = None


def stages(quiet: bool) -> AbstractContextManager[Progress]:
    """Give the stage callback for a build: a report on standard error, or silence with --quiet."""
    return nullcontext(silent) if quiet else StageReport()
