"""Write outputs so that nobody ever opens half a file: temporary files first, then renames."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def write_outputs(out_dir: Path, outputs: dict[str, bytes]) -> list[Path]:
    """Write every output to a temporary file, then rename them all into place."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {out_dir}: {exc.strerror or exc}") from None
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in outputs.items():
            staged.append((_stage(out_dir, name, data), out_dir / name))
        for temporary, final in staged:
            os.replace(temporary, final)
    except OSError as exc:
        raise OutputError(f"cannot write to {out_dir}: {exc.strerror or exc}; the previous outputs are kept") from None
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
    return [final for _, final in staged]


def _stage(out_dir: Path, name: str, data: bytes) -> Path:
    """Write data to a temporary file beside its final name and flush it to disk."""
    handle, path = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        Path(path).unlink(missing_ok=True)
        raise
    return Path(path)
