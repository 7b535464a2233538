"""Apply a pure function to many items on every core the process may use, results in order.

The check reads thousands of statements, each on its own; on a machine with more than one core the
items are split between this process and forked copies of it, which hold everything the function
needs already and send back only the results. Forking is done only where it is safe — a platform
with fork, a process running one thread (a server's worker thread never forks) — and only for work
large enough to be worth it; anywhere else, and whenever a copy fails, the items are computed here.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS_PER_WORKER = 500  # below this a fork costs more than it saves
MAX_WORKERS = 8


def cores() -> int:
    """How many cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - platforms without affinity
        return os.cpu_count() or 1


def split_map(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """Return [function(item) for item in items], computed on every core the process may use where that pays."""
    workers = min(cores(), MAX_WORKERS, len(items) // MIN_ITEMS_PER_WORKER)
    if workers < 2 or not hasattr(os, "fork") or threading.active_count() > 1:
        return [function(item) for item in items]
    size = -(-len(items) // workers)
    chunks = [items[start:start + size] for start in range(0, len(items), size)]
    forked = [_fork(function, chunk) for chunk in chunks[1:]]
    try:
        results = [function(item) for item in chunks[0]]
    finally:  # the copies are waited for, answers read, whether or not this share raised
        answers = [_collect(child) if child is not None else None for child in forked]
    for chunk, answer in zip(chunks[1:], answers):
        results += answer if answer is not None else [function(item) for item in chunk]
    return results


def _fork(function: Callable[[Item], Result], chunk: Sequence[Item]) -> tuple[int, int] | None:
    """Start a copy of this process computing a chunk; its process id and the pipe it answers on, or None."""
    try:
        read, write = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the copy: compute, answer, and end without running anything of the parent's at exit
        status = 1
        try:
            os.close(read)
            data = pickle.dumps([function(item) for item in chunk], protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as answer:
                answer.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


def _collect(child: tuple[int, int]) -> list | None:
    """The results a copy sent, or None if it failed."""
    pid, read = child
    with os.fdopen(read, "rb") as answer:
        data = answer.read()
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    try:
        return pickle.loads(data)  # sent by a copy of this very process
    except Exception:  # noqa: BLE001 - a truncated answer: compute the chunk here instead
        return None
