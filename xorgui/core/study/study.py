"""Convergence study: many networks of one configuration trained at once, one seed each.

A study runs in this process unless splitting it pays (``default_workers``):
then the runs are split over processes, one per CPU, each training its
share (``share``) batched in blocks (``batch``); the first share is trained
by the calling process itself, the others by spawned workers (``worker``).
"""

from __future__ import annotations

import os

import numpy as np

from xorgui.core.model.limits import MAX_SEED, thousands
from xorgui.core.study.memory import check_memory, out_of_memory
from xorgui.core.study.result import StudyResult
from xorgui.core.study.share import StudyShare, even_bounds, share_runs
from xorgui.core.study.worker import Remote, StudyWorkerError
from xorgui.core.training.setup import Setup

__all__ = ["Study", "StudyWorkerError", "check_memory", "default_workers"]

MAX_WORKERS = 8
# Work (network-epoch-weights, ``study_work``) below which a study is faster
# in one process: a spawned worker costs 0.2–0.4 s to start, and every chunk
# waits for the slowest process. Measured by ``xorgui bench`` on two idle cores
# (break-even near 9e7; with the second core busy splitting does not pay).
SPLIT_WORK = 1e8


def study_work(setup: Setup, runs: int) -> float:
    """Return the work of a study: runs × the setup's epoch limit × the weights and biases of a network."""
    return float(runs) * setup.config.epochs * setup.spec.n_params


def cpus() -> int:
    """Return the CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def default_workers(runs: int, setup: Setup | None = None) -> int:
    """Return how many processes a study of ``runs`` networks of ``setup`` (default: ``Setup()``) is split over.

    One, unless the study's work reaches ``SPLIT_WORK`` and each process
    would get runs enough to be worth it (``share.share_runs``); then one
    per CPU.
    """
    setup = Setup() if setup is None else setup
    if study_work(setup, runs) < SPLIT_WORK:
        return 1
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
        Processes to split the runs over (default: ``default_workers``, one
        unless splitting pays). Call ``close`` (or use ``with``) to stop them
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
        workers = default_workers(runs, setup) if workers is None else max(1, min(int(workers), runs))
        bounds = even_bounds(runs, workers)
        self._remotes: list[Remote] = []
        self._closed = False
        self._bounds = bounds
        try:
            for lo, hi in zip(bounds[1:-1], bounds[2:]):
                self._remotes.append(Remote(setup, hi - lo, first_seed + lo))
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
