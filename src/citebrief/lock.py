"""One build at a time per output folder: a file lock with a bounded wait. Standard library only."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import CitebriefError

LOCK_FILE = ".citebrief.lock"


class LockTimeout(CitebriefError):
    """Another build kept the output folder locked for longer than we may wait."""


@contextmanager
def build_lock(out_dir: Path, wait: float) -> Iterator[None]:
    """Hold the output folder's lock, waiting at most `wait` seconds for another build to finish."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = os.open(out_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise CitebriefError(f"cannot lock {out_dir}: {exc.strerror or exc}") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"another citebrief build is writing to {out_dir}; gave up after waiting {wait:g} s"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(handle)  # closing releases the lock
