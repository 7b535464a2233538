"""Rebuild the brief whenever an input changes, in one warm process, keeping the last good outputs when an edit is broken."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CitebriefError, Problem, ProjectError, format_text, sort_problems
from .layout import INPUT_FOLDERS, SETTINGS_FILE
from .lock import build_lock
from .memo import Memo


@dataclass
class Outcome:
    """What one rebuild came to: whether the outputs are good, and the problems to show."""

    built: bool
    problems: list[Problem] = field(default_factory=list)  # errors of a failed build, else the warnings
    message: str = ""


class Session:
    """A process that builds one project again and again: templates, stylesheet and fonts stay loaded."""

    def __init__(self, root: Path, out_dir: Path, strict: bool = False, memo: Memo | None = None):
        from .templates import Templates

        self.root, self.out_dir, self.strict, self.memo = root, out_dir, strict, memo
        self.templates = Templates(root)  # its environments and the PDF's stylesheet and fonts are kept warm

    def rebuild(self, preview: Callable[[str], None] | None = None) -> Outcome:
        """Build once, printing what happened; drafts only, never an edition, and printed without the tag tree."""
        from .build import build
        from .incremental import Tracker

        try:
            with build_lock(self.out_dir, wait=120):
                # A draft printed as pdf/a-3u rather than pdf/a-3a costs a tenth less; build and publish print the variant.
                tracker = Tracker(self.root, self.out_dir, untagged_drafts=True)
                result = build(self.root, self.out_dir, self.strict, tracker=tracker, templates=self.templates,
                               preview=preview, memo=self.memo)
        except ProjectError as exc:
            print(format_text(exc.problems), file=sys.stderr, flush=True)
            print("kept the last good outputs; waiting for the next change", file=sys.stderr, flush=True)
            return Outcome(False, exc.problems)
        except CitebriefError as exc:
            print(f"citebrief: error: {exc}", file=sys.stderr, flush=True)
            return Outcome(False, message=str(exc))
        if result.up_to_date:
            print("up to date", flush=True)
        else:
            print(f"{result.describe()}: wrote {', '.join(path.name for path in result.written)}", flush=True)
        if result.warnings:
            print(format_text(sort_problems(result.warnings)), file=sys.stderr, flush=True)
        return Outcome(True, result.warnings)

    def watched(self) -> list[Path]:
        """The inputs to watch: the settings file and the input folders the project has."""
        return [self.root / name for name in (*INPUT_FOLDERS, SETTINGS_FILE) if (self.root / name).exists()]


def watch(root: Path, out_dir: Path, debounce_ms: int, strict: bool = False, memo: Memo | None = None) -> int:
    """Build now, then after every settled batch of changes to the project's inputs, until Ctrl-C."""
    session = Session(root, out_dir, strict, memo)
    print(f"watching {', '.join(str(p) for p in session.watched())}; Ctrl-C to stop", flush=True)
    try:
        asyncio.run(rebuilding(session, debounce_ms, lambda: asyncio.to_thread(session.rebuild)))
    except KeyboardInterrupt:
        pass
    print("stopped", flush=True)
    return 0


async def rebuilding(
    session: Session, debounce_ms: int, rebuild: Callable[[], Awaitable[object]], stop: asyncio.Event | None = None
) -> None:
    """Rebuild now and after every settled batch of changes, until stopped; an edit made during a build counts."""
    from watchfiles import awatch

    changes = awatch(*session.watched(), debounce=debounce_ms, watch_filter=inputs_only, stop_event=stop)
    edited = asyncio.ensure_future(anext(changes, None))  # watching from now, before the first build
    await rebuild()
    while await edited is not None:
        edited = asyncio.ensure_future(anext(changes, None))
        await rebuild()


def inputs_only(change: object, path: str) -> bool:
    """Ignore editors' temporary and hidden files."""
    name = Path(path).name
    return not (name.startswith(".") or name.endswith(("~", ".swp", ".tmp")))
