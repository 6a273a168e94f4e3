"""One thread's share of a study's runs, trained in blocks small enough for the cache.

A block's arrays (weights, gradients, sums, activations, deltas) are read
and written several times an epoch; once they outgrow the cache, every
call waits on memory, and once they are few, every call costs more than
its arithmetic. Measured on two cores with a 32 MB L3 cache (network-epochs
per second, ``bytes_per_run`` × runs a block):

- 12 000 runs of [2, 2, 1] (8 MB) 23.5 M, 1 500 (1 MB) 21.2 M, 48 000 (33 MB) 17.3 M;
- [2, 16, 16, 2]: 500 runs (7 MB) 1.13 M, 200 (2.8 MB) 1.06 M, 2 000 (28 MB) 0.85 M;
- [2, 64, 64, 2]: 50 runs (6 MB) 0.163 M, 200 (26 MB) 0.135 M;
- [2, 100, 100, 100, 2]: 10 runs (5 MB) 0.033 M, 50 (27 MB) 0.020 M.

So a share trains blocks of about ``block_bytes()``, a quarter of the
largest cache, one after the other, each for the epochs asked; its runs
are dealt out evenly over as few blocks as that allows.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from threading import Event

import numpy as np

from xorgui.core.study.batch import StudyBatch
from xorgui.core.training.setup import Setup

BLOCK_BYTES = 8 << 20  # where the cache's size cannot be read; a quarter of a 32 MB L3
MIN_BLOCK = 16  # fewer runs than this leave each call with too little arithmetic for its cost
# A thread of its own pays only with at least this much of arrays: with less, each NumPy call
# is over too soon for two threads to compute while the other holds the interpreter's lock.
# Two threads against one on two cores: [2, 2, 1] 0.68x at 1.4 MB a thread, 1.16x at 2.1 MB,
# 1.5x at 3.5 MB; [2, 16, 16, 2] 0.78x at 1.4 MB, 1.15x at 2.8 MB, 1.45x at 7 MB.
SHARE_BYTES = 2 << 20


CACHE_DIR = "/sys/devices/system/cpu/cpu0/cache"  # Linux: one entry per cache of the first CPU


def cache_bytes(folder: str = CACHE_DIR) -> int | None:
    """Return the size of the CPU's largest cache where Linux tells it (sysfs), else None."""
    sizes = []
    for entry in Path(folder).glob("index*/size"):
        try:
            text = entry.read_text().strip()
            sizes.append(int(text.rstrip("KM")) << {"K": 10, "M": 20}.get(text[-1:], 0))
        except (OSError, ValueError):
            continue
    return max(sizes, default=None)


@cache
def block_bytes() -> int:
    """Return how many bytes of arrays a block should hold: a quarter of the largest cache, 1–8 MB."""
    largest = cache_bytes()
    return BLOCK_BYTES if largest is None else min(8 << 20, max(1 << 20, largest // 4))


def bytes_per_run(setup: Setup, samples: int | None = None) -> int:
    """Return about how many bytes of arrays a study holds per run of ``setup``.

    With ``samples``, only those an update works on: all the samples in
    full-batch mode, one online, a batch's in mini-batch mode.
    """
    spec, m = setup.spec, len(setup.data().X) if samples is None else samples
    # weights, gradients and the stacked copy; z, a, g′, δ and targets per sample and neuron
    return 8 * (3 * spec.n_params + 5 * m * sum(spec.dims[1:]))


def block_runs(setup: Setup) -> int:
    """Return the most runs of one block for ``setup``: what one update touches fits in about ``block_bytes()``."""
    return max(MIN_BLOCK, block_bytes() // _update_bytes(setup))


def share_runs(setup: Setup) -> int:
    """Return the fewest runs for which a share of a study is worth a thread of its own (see ``SHARE_BYTES``)."""
    return max(MIN_BLOCK, SHARE_BYTES // _update_bytes(setup))


def even_bounds(runs: int, parts: int) -> list[int]:
    """Return where ``parts`` parts of ``runs`` runs, as even as can be, start, and ``runs`` last."""
    return [runs * k // parts for k in range(parts + 1)]


def blocks(runs: int, most: int) -> list[int]:
    """Return the sizes of the fewest blocks of at most ``most`` runs for ``runs`` runs, as even as can be."""
    bounds = even_bounds(runs, math.ceil(runs / most))
    return [hi - lo for lo, hi in zip(bounds, bounds[1:])]


def _update_bytes(setup: Setup) -> int:
    """Return the bytes per run of what one update touches: all samples in full-batch mode, else a batch's."""
    return bytes_per_run(setup, setup.config.batch_samples(len(setup.data().X)))


class StudyShare:
    """Trains runs ``first_seed`` … ``first_seed + runs − 1`` of ``setup`` in blocks, in the calling thread."""

    def __init__(self, setup: Setup, runs: int, first_seed: int = 0) -> None:
        bounds = even_bounds(runs, math.ceil(runs / block_runs(setup)))
        self.starts = bounds[:-1]
        self.blocks = [StudyBatch(setup, hi - lo, first_seed + lo) for lo, hi in zip(bounds, bounds[1:])]

    @property
    def epoch(self) -> int:
        """Epochs trained so far (the same in every block)."""
        return self.blocks[0].epoch

    def run(self, epochs: int, stop: Event | None = None) -> None:
        """Train every block ``epochs`` more epochs (up to the setup's limit), or until ``stop`` is set.

        Stopped, the blocks may be at different epochs (see ``StudyBatch.run``).
        """
        for block in self.blocks:
            block.run(epochs, stop)

    def weights(self, run: int) -> list:
        """Return the W(n) of this share's run ``run`` (counted from 0)."""
        if not 0 <= run < sum(len(b.seeds) for b in self.blocks):
            raise IndexError(f"no run {run} in this share")
        k = int(np.searchsorted(self.starts, run, side="right")) - 1
        return self.blocks[k].weights(run - self.starts[k])

    def result(self) -> tuple:
        """Return (solved_at, final_loss, final_error_rate, stopped_at) of every run of the share."""
        return tuple(np.concatenate(column) for column in zip(*(b.result() for b in self.blocks)))
