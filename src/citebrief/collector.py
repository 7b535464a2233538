"""Pause Python's cyclic garbage collector while a bounded piece of work makes many objects that stay alive."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cyclic collector for the block; a block inside another leaves it to the outer one to resume."""
    # Its passes over a growing heap of records, tokens and readings, none of them garbage, cost more
    # than the work itself on a large project; what the block allocates is bounded by the project.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # What the block made is still alive: move it to the oldest generation at once (freeze, then
            # unfreeze), where a young-generation pass would otherwise walk all of it on the next allocation.
            gc.freeze()
            gc.unfreeze()
            gc.enable()
