"""One writer at a time per output folder: a file lock with a bounded wait. Standard library only.

The lock is fcntl.flock on POSIX and msvcrt.locking on Windows, each imported only where it exists, so
that every other command works everywhere (issue #11).
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import CitebriefError
from .layout import LOCK_FILE

# Never follow a link at the lock's name: opening one would create or truncate a file wherever it points.
_OPEN_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class LockTimeout(CitebriefError):
    """Another build kept the output folder locked for longer than we may wait."""


@contextmanager
def build_lock(out_dir: Path, wait: float, holder: str = "build") -> Iterator[None]:
    """Hold the output folder's lock, waiting at most `wait` seconds for another build (or send) to finish.

    A folder the lock had to create is removed again if nothing but the lock was written into it, so that
    a build that fails before writing leaves nothing behind.
    """
    created = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CitebriefError(f"cannot lock {out_dir}: {exc.strerror or exc}") from None
    path = out_dir / LOCK_FILE
    handle = _acquire(path, out_dir, wait, holder)
    try:
        yield
    finally:
        if created and _only_the_lock(out_dir):
            # Still holding the lock: a waiting process finds its lock file gone, and starts again (_acquire).
            try:
                path.unlink()
                out_dir.rmdir()
            except OSError:
                pass  # someone else wrote into it meanwhile, or (Windows) an open file cannot be removed
        os.close(handle)  # closing releases the lock


def _acquire(path: Path, out_dir: Path, wait: float, holder: str) -> int:
    """Open and lock the lock file, starting again if it was removed or replaced while we waited."""
    deadline = time.monotonic() + wait
    while True:
        handle = _open(path, out_dir)
        try:
            while not _try_lock(handle):
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"another citebrief {holder} is writing to {out_dir}; gave up after waiting {wait:g} s"
                    ) from None
                time.sleep(0.05)
            if _same_file(handle, path):
                return handle
        except BaseException:
            os.close(handle)
            raise
        os.close(handle)  # the holder removed the file we locked: lock the one at the path now
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CitebriefError(f"cannot lock {out_dir}: {exc.strerror or exc}") from None


def _open(path: Path, out_dir: Path) -> int:
    if path.is_symlink():
        raise CitebriefError(f"cannot lock {out_dir}: {path} is a link; citebrief does not follow it — remove it")
    try:
        return os.open(path, _OPEN_FLAGS, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise CitebriefError(f"cannot lock {out_dir}: {path} is a link; citebrief does not follow it — remove it") from None
        raise CitebriefError(f"cannot lock {out_dir}: {exc.strerror or exc}") from None


def _try_lock(handle: int) -> bool:
    """Take the lock without waiting; say whether it was taken."""
    if os.name == "nt":
        import msvcrt

        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _same_file(handle: int, path: Path) -> bool:
    """Whether the locked file is still the one at the lock's path."""
    try:
        named = os.lstat(path)
    except OSError:
        return False
    held = os.fstat(handle)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _only_the_lock(out_dir: Path) -> bool:
    try:
        return os.listdir(out_dir) == [LOCK_FILE]
    except OSError:
        return False
