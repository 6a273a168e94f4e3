"""Convergence study: many networks of one configuration trained at once, one seed each.

A study trains its runs in the calling thread unless splitting them pays
(``default_workers``): then they are split over threads of this process,
one per CPU, each training its share (``share``) batched in blocks
(``batch``); the calling thread trains the first share itself. NumPy lets
go of the interpreter's lock inside its calls, so the threads compute side
by side once each call has enough to do; they need no process of their
own, no start-up and no copies of the setup, on every platform.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from threading import Event

import numpy as np

from xorgui.core.model.limits import MAX_SEED, thousands
from xorgui.core.study.memory import check_memory, out_of_memory
from xorgui.core.study.result import StudyResult
from xorgui.core.study.share import StudyShare, even_bounds, share_runs
from xorgui.core.training.setup import Setup

__all__ = ["Study", "check_memory", "default_workers"]

MAX_WORKERS = 8
CHUNK_SECONDS = 0.02  # ``advance`` trains in chunks this long: whoever drives the study can answer between two


def cpus() -> int:
    """Return the CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def default_workers(runs: int, setup: Setup | None = None) -> int:
    """Return how many threads a study of ``runs`` networks of ``setup`` (default: ``Setup()``) is split over.

    One per CPU (at most ``MAX_WORKERS``), as long as each thread gets runs
    enough to be worth it (``share.share_runs``); one when even two would not.
    """
    setup = Setup() if setup is None else setup
    return max(1, min(cpus(), MAX_WORKERS, runs // share_runs(setup)))


class Study:
    """Trains ``runs`` networks of ``setup`` with seeds ``first_seed`` …, each as the explorer would.

    Parameters
    ----------
    setup : Setup
        The configuration: any mode, with or without configuration 5's schedule.
    runs : int
        Number of networks.
    first_seed : int
        Seed of run 0; run r uses first_seed + r, so that the explorer opens
        run r as ``setup.with_(seed=first_seed + r)``.
    workers : int, optional
        Threads to split the runs over (default: ``default_workers``, one
        unless splitting pays). Every run comes out the same however many
        there are. Call ``close`` (or use ``with``) to let the threads go.
    """

    def __init__(self, setup: Setup, runs: int, first_seed: int = 0, workers: int | None = None) -> None:
        if runs < 1:
            raise ValueError(f"need at least one run, not {runs}")
        check_memory(setup, runs)
        if not 0 <= first_seed <= MAX_SEED - (runs - 1):
            raise ValueError(f"seeds go from 0 to {thousands(MAX_SEED)}: {thousands(runs)} runs from seed "
                             f"{thousands(first_seed)} would pass them")
        self.setup = setup
        self.seeds = np.arange(first_seed, first_seed + runs)
        workers = default_workers(runs, setup) if workers is None else max(1, min(int(workers), runs))
        self._bounds = even_bounds(runs, workers)
        self._closed = False
        self.chunk = 1  # epochs of ``advance``'s next chunk, sized to CHUNK_SECONDS as the study goes
        self._stop = Event()  # set when the study stops part-way: every thread then ends its epoch and returns
        self._pool: ThreadPoolExecutor | None = None
        try:
            self._shares = [StudyShare(setup, hi - lo, first_seed + lo)
                            for lo, hi in zip(self._bounds, self._bounds[1:])]
        except MemoryError:  # past the memory the check could foresee (a limit it cannot read)
            raise out_of_memory(setup, runs) from None
        if workers > 1:
            self._pool = ThreadPoolExecutor(workers - 1, thread_name_prefix="xorgui-study")

    @property
    def epoch(self) -> int:
        """Epochs trained so far."""
        return self._shares[0].epoch

    @property
    def workers(self) -> int:
        """Threads the runs are split over, the calling one included."""
        return len(self._shares)

    @property
    def done(self) -> bool:
        """True once the setup's epoch limit is reached."""
        return self.epoch >= self.setup.config.epochs

    def run(self, epochs: int) -> None:
        """Train every run ``epochs`` more epochs (up to the setup's limit); return when all have.

        An error in any thread, or Ctrl+C, stops every thread at the end of
        the epoch under way and is raised once they all have; the study's
        runs are then at different epochs, and it can go on no more.
        """
        self._check_open()
        first, *others = self._shares
        pending: list[Future] = []
        try:
            if self._pool is not None:
                pending = [self._pool.submit(self._train, share, epochs) for share in others]
            self._train(first, epochs)
            wait(pending)
        except BaseException:  # Ctrl+C or an error here: the other threads stop soon, and are waited for
            self._stop.set()
            wait(pending)
            raise
        for job in pending:
            job.result()  # raises a thread's error

    def advance(self, seconds: float) -> None:
        """Train on for about ``seconds`` (at least one chunk), or until done.

        It trains in chunks of about ``CHUNK_SECONDS``, their epochs sized
        as it goes: an epoch takes microseconds or seconds by the setup.
        """
        deadline = time.perf_counter() + seconds
        while not self.done:
            start = time.perf_counter()
            self.run(self.chunk)
            took = max(time.perf_counter() - start, 1e-6)
            self.chunk = max(1, round(self.chunk * min(2.0, max(0.5, CHUNK_SECONDS / took))))
            if time.perf_counter() >= deadline:
                return

    def _train(self, share: StudyShare, epochs: int) -> None:
        """Train ``share``, in the thread calling; an error first tells the other threads to stop."""
        try:
            share.run(epochs, self._stop)
        except BaseException:
            self._stop.set()
            raise

    def weights(self, run: int) -> list:
        """Return run ``run``'s W(n) (index n; 0 is None), as the explorer would hold them."""
        self._check_open()
        if not 0 <= run < len(self.seeds):
            raise IndexError(f"no run {run}: the study has runs 0 to {len(self.seeds) - 1}")
        part = int(np.searchsorted(self._bounds, run, side="right")) - 1
        return self._shares[part].weights(run - self._bounds[part])

    def result(self) -> StudyResult:
        """Return what became of each run so far."""
        self._check_open()
        seeds = np.split(self.seeds, self._bounds[1:-1])
        return StudyResult.join([(s, *share.result()) for s, share in zip(seeds, self._shares)], self.epoch)

    def close(self) -> None:
        """Let the threads go; the study cannot run on or answer after this."""
        pool, self._pool, self._closed = getattr(self, "_pool", None), None, True
        if pool is not None:
            self._stop.set()  # in case a thread still trains (close called from elsewhere)
            pool.shutdown(wait=True)

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("the study is closed")
        if self._stop.is_set():
            raise RuntimeError("the study stopped part-way (interrupted, or a thread failed): it cannot go on")

    def __enter__(self) -> Study:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()
