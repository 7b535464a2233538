"""Results of the check's costly pure steps, remembered between runs by their inputs and the code that computed them.

Reading a statement against its quotes and finding a quote in its source depend on nothing but their
inputs: a result is remembered under a digest of those inputs, in a file that also names the code
that made it (citebrief's version, the digest of its own source files, Python's version), so a
changed statement, quote, source text or citebrief computes afresh. Change tracking, not a stage:
the check reads and writes the memo around the stages, which compute exactly what they would without it.

The file lives in the user's cache folder (`CITEBRIEF_CACHE_DIR` or the platform's, e.g.
~/.cache/citebrief), one per project folder, never in the project: a project received from someone
else cannot bring results its own check did not compute. It is JSON, read within bounds; a file that
cannot be read or written is ignored — the check then computes everything, as on its first run.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from . import __version__

T = TypeVar("T")

CACHE_ENV = "CITEBRIEF_CACHE_DIR"
MAX_BYTES = 256 * 1024 * 1024  # a memo file larger than this is not read
_FORMAT = 1


class Memo:
    """Remembered results, by kind and digest of inputs; what this run used is what the next run finds."""

    def __init__(self, path: Path | None = None):
        self.path = path
        self._found: dict[str, dict[str, Any]] = _read(path) if path is not None else {}
        self._kept: dict[str, dict[str, Any]] = {}
        self.hits = 0  # results found in the memo, over this memo's life
        self.misses = 0  # results computed

    @classmethod
    def for_project(cls, root: Path) -> Memo:
        """The memo of a project folder, in the user's cache folder."""
        where = os.environ.get(CACHE_ENV) or _user_cache()
        if not where:
            return cls()
        name = hashlib.blake2b(str(root.resolve()).encode(), digest_size=12).hexdigest()
        return cls(Path(where) / f"check-{name}.json")

    def recall(self, kind: str, inputs: Sequence[Any], compute: Callable[[list[int]], list[T]],
               encode: Callable[[T], Any], decode: Callable[[Any], T]) -> list[T]:
        """The results for many inputs: those remembered, and the rest computed together (by their indices) now."""
        if self.path is None:
            return compute(list(range(len(inputs))))
        keys = [_digest(each) for each in inputs]
        found = self._found.get(kind, {})
        kept = self._kept.setdefault(kind, {})
        results: list[Any] = [_MISSING] * len(inputs)
        for index, key in enumerate(keys):
            if key in found:
                try:
                    results[index] = decode(found[key])
                except (TypeError, ValueError, IndexError, KeyError):
                    continue  # not a result this code wrote: compute it
                kept[key] = found[key]
        missing = [index for index, result in enumerate(results) if result is _MISSING]
        self.hits += len(inputs) - len(missing)
        self.misses += len(missing)
        for index, result in zip(missing, compute(missing)):
            results[index] = result
            kept[keys[index]] = encode(result)
        return results

    def save(self) -> None:
        """Write what this run used, and as many older results again, for the next run; failing that, leave the file."""
        kept, found = self._kept, self._found
        self._kept = {}
        if not kept:
            return  # the check stopped before reading quotes and statements: keep the memo as it is
        new = any(key not in found.get(kind, ()) for kind, entries in kept.items() for key in entries)
        # Results this run did not use (a record removed, a file that could not be read) stay, up to as many
        # as it used and a thousand more, so that one broken edit does not cost the next run everything.
        room = _size(kept) + 1000
        results = {kind: dict(entries) for kind, entries in kept.items()}
        for kind, entries in found.items():
            target = results.setdefault(kind, {})
            for key, value in entries.items():
                if room <= 0:
                    break
                if key not in target:
                    target[key] = value
                    room -= 1
        self._found = results  # a process that checks again (watch) goes on from here
        if self.path is None or not new and _size(results) == _size(found):
            return  # the file holds this already
        data = json.dumps({"format": _FORMAT, "code": _code(), "results": results}, separators=(",", ":"))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.path.parent,
                                             prefix=".memo-", suffix=".tmp", delete=False) as out:
                out.write(data)
            os.replace(out.name, self.path)
        except OSError:
            try:
                os.unlink(out.name)
            except (OSError, UnboundLocalError):
                pass


def _size(results: dict[str, dict[str, Any]]) -> int:
    """How many results a memo holds."""
    return sum(len(kind) for kind in results.values())


_MISSING = object()


def _read(path: Path) -> dict[str, dict[str, Any]]:
    """The results a memo file holds, if the code that wrote it is this code; else none."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != _FORMAT or data.get("code") != _code():
        return {}
    results = data.get("results")
    if not isinstance(results, dict) or not all(isinstance(v, dict) for v in results.values()):
        return {}
    return results


def _user_cache() -> str | None:
    """The platform's cache folder for citebrief, if it has one."""
    try:
        import platformdirs
    except ImportError:  # pragma: no cover - a dependency; without it there is no memo
        return None
    return platformdirs.user_cache_dir("citebrief", appauthor=False)


@cache
def _code() -> str:
    """Name the code that computes results: citebrief's version, its source files' digest, Python's version."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{__version__} {sys.version_info[:3]} {digest.hexdigest()}"


def _digest(inputs: Any) -> str:
    """A digest of the inputs' pickle, written without back references, so that equal inputs give equal bytes
    however their objects are shared."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True  # no memo: a string met twice is written twice, as an equal copy of it would be
    pickler.dump(inputs)
    return hashlib.blake2b(out.getbuffer(), digest_size=16).hexdigest()
