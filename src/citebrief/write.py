"""Write outputs so that nobody ever opens half a file: temporary files first, then renames."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from .errors import OutputError

CHUNK = 1024 * 1024
# A temporary file names the process writing it, so that one left by a killed build can be removed.
_TEMPORARY = re.compile(r"^\..+\.(?P<pid>\d+)\.[0-9a-f]{8}\.tmp$")


def write_outputs(out_dir: Path, outputs: dict[str, bytes]) -> list[Path]:
    """Write every output to a temporary file, then rename them all into place."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {out_dir}: {exc.strerror or exc}") from None
    _remove_abandoned(out_dir)
    staged: list[tuple[Path, Path]] = []
    replaced = 0
    try:
        for name, data in outputs.items():
            final = out_dir / name
            staged.append((_stage(final, data), final))
        for temporary, final in staged:
            os.replace(temporary, final)
            replaced += 1
    except OSError as exc:
        kept = "the previous outputs are kept" if not replaced else "the next build writes the rest again"
        raise OutputError(f"cannot write to {out_dir}: {exc.strerror or exc}; {kept}") from None
    finally:
        for temporary, _ in staged[replaced:]:
            temporary.unlink(missing_ok=True)
    _sync_folder(out_dir)
    return [final for _, final in staged]


def write_file(path: Path, data: bytes) -> None:
    """Write one file so that readers see the old bytes or the new, never half: a fresh temporary, then a rename."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = _stage(path, data)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    _sync_folder(path.parent)


def _stage(final: Path, data: bytes) -> Path:
    """Write data to a new temporary file beside its final name and flush it to disk."""
    path = final.with_name(f".{final.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    # A new file, so that the umask gives it the permissions any file the user makes would have.
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view[:CHUNK]):]
        os.fsync(handle)
    except BaseException:
        os.close(handle)
        path.unlink(missing_ok=True)
        raise
    os.close(handle)
    return path


def _remove_abandoned(out_dir: Path) -> None:
    """Remove temporary files whose writer is gone (a build killed before it could rename them)."""
    try:
        names = os.listdir(out_dir)
    except OSError:
        return
    for name in names:
        found = _TEMPORARY.match(name)
        if found and not _running(int(found["pid"])):
            (out_dir / name).unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # alive under another user, or not a pid we can ask about: leave its file alone
    return True


def _sync_folder(out_dir: Path) -> None:
    """Flush the renames to disk, where the file system allows it."""
    try:
        handle = os.open(out_dir, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems cannot sync a folder; the files themselves are synced
    finally:
        os.close(handle)
