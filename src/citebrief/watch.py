"""Rebuild the brief whenever an input changes, keeping the last good outputs when an edit is broken."""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import CitebriefError, ProjectError, format_text
from .lock import build_lock
from .layout import INPUT_FOLDERS, SETTINGS_FILE


def watch(root: Path, out_dir: Path, debounce_ms: int, strict: bool = False) -> int:
    """Build now, then after every settled batch of changes to the project's inputs, until Ctrl-C."""
    from watchfiles import watch as changes

    from .build import build

    def rebuild() -> None:
        try:
            with build_lock(out_dir, wait=120):
                result = build(root, out_dir, strict)
        except ProjectError as exc:
            print(format_text(exc.problems), file=sys.stderr, flush=True)
            print("kept the last good outputs; waiting for the next change", file=sys.stderr, flush=True)
            return
        except CitebriefError as exc:
            print(f"citebrief: error: {exc}", file=sys.stderr, flush=True)
            return
        if result.up_to_date:
            print("up to date", flush=True)
        else:
            names = ", ".join(path.name for path in result.written)
            print(f"edition {result.edition}: wrote {names}", flush=True)

    watched = [root / name for name in (*INPUT_FOLDERS, SETTINGS_FILE) if (root / name).exists()]
    print(f"watching {', '.join(str(p) for p in watched)}; Ctrl-C to stop", flush=True)
    rebuild()
    try:
        for _ in changes(*watched, debounce=debounce_ms, watch_filter=_inputs_only, raise_interrupt=True):
            rebuild()
    except KeyboardInterrupt:
        print("stopped", flush=True)
    return 0


def _inputs_only(change: object, path: str) -> bool:
    """Ignore editors' temporary and hidden files."""
    name = Path(path).name
    return not (name.startswith(".") or name.endswith(("~", ".swp", ".tmp")))
