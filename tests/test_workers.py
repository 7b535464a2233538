"""split_map: a pure function over many items, on every core where that is safe, with the results in order."""

from __future__ import annotations

import os
import threading

import pytest

from citebrief.workers import MAX_WORKERS, MIN_ITEMS_PER_WORKER, cores, split_map

MANY = list(range(4 * MIN_ITEMS_PER_WORKER + 7))


def square_and_pid(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


def test_results_come_back_in_order():
    results = split_map(square_and_pid, MANY)
    assert [value for value, _ in results] == [item * item for item in MANY]


@pytest.mark.skipif(cores() < 2 or not hasattr(os, "fork"), reason="one core: nothing to split")
def test_many_items_are_shared_with_forked_copies():
    pids = {pid for _, pid in split_map(square_and_pid, MANY)}
    assert os.getpid() in pids and len(pids) == min(cores(), MAX_WORKERS, len(MANY) // MIN_ITEMS_PER_WORKER)


def test_few_items_stay_in_this_process():
    few = MANY[: MIN_ITEMS_PER_WORKER + 1]
    assert {pid for _, pid in split_map(square_and_pid, few)} == {os.getpid()}


def test_a_process_running_other_threads_does_not_fork():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert {pid for _, pid in split_map(square_and_pid, MANY)} == {os.getpid()}
    finally:
        stop.set()
        thread.join()


def test_a_failing_copy_leaves_its_items_to_this_process():
    parent = os.getpid()

    def fails_in_a_copy(item: int) -> tuple[int, int]:
        if os.getpid() != parent:
            raise RuntimeError("the copy fails")
        return item * item, os.getpid()

    results = split_map(fails_in_a_copy, MANY)
    assert results == [(item * item, parent) for item in MANY]


def test_an_error_of_the_function_reaches_the_caller():
    def broken(item: int) -> int:
        raise ValueError(f"bad item {item}")

    with pytest.raises(ValueError, match="bad item 0"):
        split_map(broken, MANY)
    with pytest.raises(ChildProcessError):  # every copy was waited for: none is left behind
        os.waitpid(-1, os.WNOHANG)
