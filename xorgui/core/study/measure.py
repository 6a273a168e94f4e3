"""How long a study takes from start to result, in one thread or split: what ``xorgui bench`` prints.

The study is driven as the app drives it, in chunks of about 20 ms (the
pipe is read between two), and timed from its start (the threads' start
included) to its result, since that is what a person waits for.
"""

from __future__ import annotations

import time

from xorgui.core.study.study import Study
from xorgui.core.training.setup import Setup

CHUNK_SECONDS = 0.02


def time_study(setup: Setup, runs: int, workers: int) -> tuple[float, float]:
    """Return the seconds a study of ``runs`` × ``setup`` took to its result, and those its start took."""
    start = time.perf_counter()
    with Study(setup, runs, workers=workers) as study:
        started = time.perf_counter()
        chunk = 1
        while not study.done:
            before = time.perf_counter()
            study.run(chunk)
            seconds = max(time.perf_counter() - before, 1e-6)
            chunk = max(1, round(chunk * min(2.0, max(0.5, CHUNK_SECONDS / seconds))))
        study.result()
    return time.perf_counter() - start, started - start
