"""Convergence study: many networks of one configuration trained at once, one seed each.

The runs are split over worker processes, one per CPU: each trains its share
batched (``study_batch``), and the first share is trained by the calling
process itself. The workers are forked, so they start at once and share the
setup without pickling it; where fork is not available the study stays in
one process.
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass

import numpy as np

from xorgui.core.setup import Setup
from xorgui.core.study_batch import StudyBatch

Array = np.ndarray
MIN_RUNS_PER_WORKER = 200  # below this a process's calls cost more than its arithmetic
MAX_WORKERS = 8


def default_workers(runs: int) -> int:
    """Return how many processes a study of ``runs`` networks is split over."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cpus, MAX_WORKERS, runs // MIN_RUNS_PER_WORKER))


@dataclass(frozen=True)
class StudyResult:
    """What became of each run.

    Attributes
    ----------
    seeds : ndarray
        The seed of each run (open it in the explorer with that seed).
    solved_at : ndarray
        First epoch during which every sample was classified right (as the
        explorer's misclassification rate counts it), or −1.
    final_loss, final_error_rate : ndarray
        Batch cost and misclassification rate after the last epoch.
    epochs : int
        Epochs trained.
    """

    seeds: Array
    solved_at: Array
    final_loss: Array
    final_error_rate: Array
    epochs: int

    @classmethod
    def join(cls, parts: list, epochs: int) -> StudyResult:
        """Return the result of runs trained in parts, each (seeds, solved_at, final_loss, final_error_rate)."""
        return cls(*(np.concatenate(column) for column in zip(*parts)), epochs)

    @property
    def stuck(self) -> Array:
        """Mask of the runs that never classified every sample right."""
        return self.solved_at < 0

    def summary(self) -> str:
        """Return a few lines: how many solved, when, and the losses the others stuck at."""
        n, stuck = len(self.seeds), self.stuck
        lines = [f"{n - stuck.sum()} of {n} runs solved it within {self.epochs} epochs"]
        if (~stuck).any():
            e = self.solved_at[~stuck]
            lines.append(f"epochs to solve: median {np.median(e):.0f}, 10 % {np.percentile(e, 10):.0f}, "
                         f"90 % {np.percentile(e, 90):.0f}")
        if stuck.any():
            losses, counts = np.unique(np.round(self.final_loss[stuck], 3), return_counts=True)
            top = sorted(zip(counts, losses), reverse=True)[:4]
            lines.append(f"{100 * stuck.mean():.1f} % stuck; their final loss: "
                         + ", ".join(f"{loss:g} ({count})" for count, loss in top))
        return "\n".join(lines)


class Study:
    """Trains ``runs`` networks of ``setup`` with seeds ``first_seed`` …, full batch.

    Parameters
    ----------
    setup : Setup
        The configuration; its mode must be "batch" (one update per epoch).
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
        if setup.config.mode != "batch":
            raise ValueError("the convergence study trains full-batch runs: switch the mode to batch")
        if runs < 1:
            raise ValueError(f"need at least one run, not {runs}")
        self.setup = setup
        self.seeds = np.arange(first_seed, first_seed + runs)
        workers = default_workers(runs) if workers is None else max(1, min(int(workers), runs))
        bounds = [runs * k // workers for k in range(workers + 1)]
        self._remotes: list[_Remote] = []
        for lo, hi in zip(bounds[1:-1], bounds[2:]):
            self._remotes.append(_Remote(setup, hi - lo, first_seed + lo, self._remotes))
        self._bounds = bounds
        try:
            self._local = StudyBatch(setup, bounds[1], first_seed)
            for remote in self._remotes:
                remote.receive()  # built its networks
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
        for remote in self._remotes:
            remote.send(("run", epochs))
        self._local.run(epochs)
        for remote in self._remotes:
            remote.receive()

    def weights(self, run: int) -> list:
        """Return run ``run``'s W(n) (index n; 0 is None), as the explorer would hold them."""
        part = int(np.searchsorted(self._bounds, run, side="right")) - 1
        if part == 0:
            return self._local.weights(run)
        remote = self._remotes[part - 1]
        remote.send(("weights", run - self._bounds[part]))
        return remote.receive()

    def result(self) -> StudyResult:
        """Return what became of each run so far."""
        for remote in self._remotes:
            remote.send(("result", None))
        parts = [self._local.result()] + [remote.receive() for remote in self._remotes]
        seeds = np.split(self.seeds, self._bounds[1:-1])
        return StudyResult.join([(s, *part) for s, part in zip(seeds, parts)], self.epoch)

    def close(self) -> None:
        """Stop the worker processes (the study cannot run on after this)."""
        for remote in getattr(self, "_remotes", []):  # none yet if __init__ failed
            remote.close()
        self._remotes = []

    def __enter__(self) -> Study:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()


def _serve(conn: object, inherited: list, setup: Setup, runs: int, first_seed: int) -> None:
    """Worker process: train a share of the runs on the parent's orders until its pipe closes."""
    for other in inherited:  # so that each worker sees the end of its own pipe only when the parent goes
        other.close()
    try:
        batch = StudyBatch(setup, runs, first_seed)
        conn.send(("ok", None))
    except Exception as exc:  # noqa: BLE001 - told to the parent, which raises it
        conn.send(("error", exc))
        return
    commands = {"run": batch.run, "weights": batch.weights, "result": lambda _: batch.result()}
    while True:
        try:
            command, arg = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", commands[command](arg)))
        except Exception as exc:  # noqa: BLE001
            conn.send(("error", exc))


class _Remote:
    """A worker process training runs ``first_seed`` … ``first_seed + runs − 1``, and its pipe."""

    def __init__(self, setup: Setup, runs: int, first_seed: int, others: list) -> None:
        ctx = multiprocessing.get_context("fork")
        self.conn, child = ctx.Pipe()
        inherited = [r.conn for r in others] + [self.conn]
        self.process = ctx.Process(target=_serve, args=(child, inherited, setup, runs, first_seed),
                                   name="xorgui-study", daemon=True)
        self.process.start()
        child.close()
        self.pending = 1  # the worker's "ok" once its networks are built

    def send(self, message: tuple) -> None:
        try:
            self.conn.send(message)
        except OSError:  # the pipe is broken: the worker is gone
            raise RuntimeError("a worker process of the study stopped") from None
        self.pending += 1

    def receive(self) -> object:
        """Return the answer to the last order (after the answers still pending), raising the worker's error."""
        value = None
        while self.pending:
            try:
                status, value = self.conn.recv()
            except (EOFError, OSError):  # the worker is gone
                raise RuntimeError("a worker process of the study stopped") from None
            self.pending -= 1
            if status == "error":
                raise value
        return value

    def close(self) -> None:
        self.conn.close()
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
