"""Write outputs so that nobody ever opens half a file, nor a new brief.md beside an old brief.pdf.

A build's outputs are one set: each lives in a folder of its own under output/.sets/, and every name a
reader opens (output/brief.pdf, …) is a fixed relative link into output/.current, itself a link to the
current set's folder. A new set is written in full into a new folder, and one rename of .current switches
every name to it at once (issue #16): killed at any moment, output/ shows the old set or the new, never a mix.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from .errors import OutputError

CHUNK = 1024 * 1024
SETS = ".sets"
CURRENT = ".current"
# A set's folder: the writing process and a random part.
_SET = re.compile(r"^(?P<pid>\d+)\.[0-9a-f]{8}$")
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


def write_output_set(out_dir: Path, outputs: dict[str, bytes], changed: set[str]) -> list[Path]:
    """Write a new output set, then switch every output name to it with one rename; return the changed paths.

    The caller holds the output folder's lock (lock.build_lock).

    Outputs not in `changed` are the bytes already on disk: they are linked into the new set, not written.
    On Windows, where making links needs a privilege, outputs are renamed into place one by one (write_outputs).
    """
    if os.name == "nt":
        return write_outputs(out_dir, {output: data for output, data in outputs.items() if output in changed})
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        sets = out_dir / SETS
        sets.mkdir(exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {out_dir}: {exc.strerror or exc}") from None
    _remove_abandoned(out_dir)
    _remove_old_sets(out_dir)
    name = f"{os.getpid()}.{secrets.token_hex(4)}"
    staged = sets / name
    try:
        staged.mkdir()
        for output, data in outputs.items():
            _place(out_dir / output, staged / output, data, output in changed)
        _sync_folder(staged)
        _link_names(out_dir, outputs)
        _relink(out_dir / CURRENT, f"{SETS}/{name}")  # the one step that switches the whole set
    except OSError as exc:
        _remove_tree(staged)
        raise OutputError(f"cannot write to {out_dir}: {exc.strerror or exc}; the previous outputs are kept") from None
    _sync_folder(out_dir)
    _remove_old_sets(out_dir)
    return [out_dir / output for output in outputs if output in changed]


def _place(current: Path, staged: Path, data: bytes, changed: bool) -> None:
    """Put an output into the staged set: a hard link to the bytes already on disk, or a new file."""
    if not changed:
        try:
            os.link(os.path.realpath(current), staged)  # the file itself, not the link to it
            return
        except OSError:
            pass  # not on disk after all, or links not allowed here: write the bytes
    handle = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view[:CHUNK]):]
        os.fsync(handle)
    finally:
        os.close(handle)


def _link_names(out_dir: Path, outputs: dict[str, bytes]) -> None:
    """Make each output name a link into the current set, first moving an older layout's files into a set.

    Files from before output sets (or left by write_outputs) become a set of their own first, so that every
    name shows the same set at every step of the change.
    """
    names = [name for name in outputs if not _points_into_current(out_dir / name, name)]
    if not names:
        return
    plain = [name for name in names if (out_dir / name).is_file() and not (out_dir / name).is_symlink()]
    if plain or not (out_dir / CURRENT).is_symlink():
        previous = f"{os.getpid()}.{secrets.token_hex(4)}"
        (out_dir / SETS / previous).mkdir()
        for name in plain:
            os.link(out_dir / name, out_dir / SETS / previous / name)  # a plain file, not a link
        current = out_dir / CURRENT
        if current.is_symlink():  # names already linked keep showing what they showed
            for name in outputs:
                shown = current / name
                if name not in plain and shown.is_file():
                    os.link(os.path.realpath(shown), out_dir / SETS / previous / name)
        _relink(current, f"{SETS}/{previous}")
    for name in names:
        _relink(out_dir / name, f"{CURRENT}/{name}")


def _points_into_current(path: Path, name: str) -> bool:
    try:
        return os.readlink(path) == f"{CURRENT}/{name}"
    except OSError:
        return False


def _relink(path: Path, target: str) -> None:
    """Make path a relative link to target in one rename, replacing whatever stood there."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    os.symlink(target, temporary)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _remove_old_sets(out_dir: Path) -> None:
    """Remove every set but the current one: the output folder's lock makes its holder the only writer."""
    sets = out_dir / SETS
    try:
        current = os.readlink(out_dir / CURRENT).rpartition("/")[2]
    except OSError:
        current = None
    try:
        names = os.listdir(sets)
    except OSError:
        return
    for name in names:
        found = _SET.match(name)
        if found and name != current:
            _remove_tree(sets / name)


def _remove_tree(folder: Path) -> None:
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        (folder / name).unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:
        pass


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
