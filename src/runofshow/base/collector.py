"""The cyclic garbage collector paused around a long replay.

Journal records and the fold of a show make no reference cycles, but on a million records the
collector's passes over the growing heap were a third of the time (benchmarks/bench_journal.py:
read_journal 6.2 s -> 4.4 s, stage open 7.3 s -> 6.3 s). Pausing it defers nothing that matters.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(when: bool = True) -> Iterator[None]:
    """Pause the cyclic collector inside the block (``when`` false: leave it as it is)."""
    paused = when and gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
