"""How long a study takes from start to result, in one thread or split: what ``xorgui bench`` prints.

The study is driven as the app drives it, in chunks of about 20 ms (the
pipe is read between two), and timed from its start (the threads' start
included) to its result, since that is what a person waits for.
"""

from __future__ import annotations

import time

from xorgui.core.study.study import CHUNK_SECONDS, Study
from xorgui.core.training.setup import Setup


def time_study(setup: Setup, runs: int, workers: int) -> tuple[float, float]:
    """Return the seconds a study of ``runs`` × ``setup`` took to its result, and those its start took."""
    start = time.perf_counter()
    with Study(setup, runs, workers=workers) as study:
        started = time.perf_counter()
        while not study.done:
            study.advance(CHUNK_SECONDS)  # one chunk at a time, as the app's ticks drive it
        study.result()
    return time.perf_counter() - start, started - start
