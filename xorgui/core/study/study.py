"""Convergence study: many networks of one configuration trained at once, one seed each.

The runs are split over processes, one per CPU: each trains its share
(``study_share``) batched in blocks (``study_batch``); the first share is
trained by the calling process itself, the others by forked workers
(``study_worker``). Where fork is not available the study stays in one
process.
"""

from __future__ import annotations

import multiprocessing
import os

import numpy as np

from xorgui.core.model.limits import MAX_SEED, thousands
from xorgui.core.study.memory import check_memory, out_of_memory
from xorgui.core.study.result import StudyResult
from xorgui.core.study.share import StudyShare
from xorgui.core.study.worker import Remote, StudyWorkerError
from xorgui.core.training.setup import Setup

__all__ = ["Study", "StudyWorkerError", "check_memory", "default_workers"]

MIN_RUNS_PER_WORKER = 200  # below this a process's calls cost more than its arithmetic
MAX_WORKERS = 8


def default_workers(runs: int) -> int:
    """Return how many processes a study of ``runs`` networks is split over."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cpus, MAX_WORKERS, runs // MIN_RUNS_PER_WORKER))


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
        Processes to split the runs over (default: one per CPU, see
        ``default_workers``). Call ``close`` (or use ``with``) to stop them
        before the study is dropped; they also stop when this process ends.
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
        workers = default_workers(runs) if workers is None else max(1, min(int(workers), runs))
        bounds = [runs * k // workers for k in range(workers + 1)]
        self._remotes: list[Remote] = []
        self._closed = False
        self._bounds = bounds
        try:
            for lo, hi in zip(bounds[1:-1], bounds[2:]):
                self._remotes.append(Remote(setup, hi - lo, first_seed + lo, self._remotes))
            self._local = StudyShare(setup, bounds[1], first_seed)
            for remote in self._remotes:
                remote.receive()  # built its networks
        except MemoryError:  # past the memory the check could foresee (a limit it cannot read)
            self.close()
            raise out_of_memory(setup, runs) from None
        except BaseException:
            self.close()
            raise

    @property
    def epoch(self) -> int:
        """Epochs trained so far."""
        return self._local.epoch

    @property
    def workers(self) -> int:
        """Processes the runs are split over, this one included."""
        return 1 + len(self._remotes)

    @property
    def done(self) -> bool:
        """True once the setup's epoch limit is reached."""
        return self.epoch >= self.setup.config.epochs

    def run(self, epochs: int) -> None:
        """Train every run ``epochs`` more epochs (up to the setup's limit)."""
        self._check_open()
        for remote in self._remotes:
            remote.send(("run", epochs))
        self._local.run(epochs)
        for remote in self._remotes:
            remote.receive()

    def weights(self, run: int) -> list:
        """Return run ``run``'s W(n) (index n; 0 is None), as the explorer would hold them."""
        self._check_open()
        if not 0 <= run < len(self.seeds):
            raise IndexError(f"no run {run}: the study has runs 0 to {len(self.seeds) - 1}")
        part = int(np.searchsorted(self._bounds, run, side="right")) - 1
        if part == 0:
            return self._local.weights(run)
        remote = self._remotes[part - 1]
        remote.send(("weights", run - self._bounds[part]))
        return remote.receive()

    def result(self) -> StudyResult:
        """Return what became of each run so far."""
        self._check_open()
        for remote in self._remotes:
            remote.send(("result", None))
        parts = [self._local.result()] + [remote.receive() for remote in self._remotes]
        seeds = np.split(self.seeds, self._bounds[1:-1])
        return StudyResult.join([(s, *part) for s, part in zip(seeds, parts)], self.epoch)

    def close(self) -> None:
        """Stop the worker processes; the study cannot run on or answer after this."""
        for remote in getattr(self, "_remotes", []):  # none yet if __init__ failed
            remote.close()
        self._remotes, self._closed = [], True

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("the study is closed")

    def __enter__(self) -> Study:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()
