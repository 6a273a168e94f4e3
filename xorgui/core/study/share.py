"""One process's share of a study's runs, trained in blocks small enough for the cache.

A block's arrays (weights, gradients, sums, activations, deltas) are read
and written several times an epoch; once they outgrow a core's L2 cache,
every call waits on memory: 1000 × [2, 2, 1] ran at 13 M network-epochs/s,
100 000 at once at 5 M. The share therefore trains blocks of about
``BLOCK_BYTES`` one after the other, each for the epochs asked.
"""

from __future__ import annotations

import numpy as np

from xorgui.core.study.batch import StudyBatch
from xorgui.core.training.setup import Setup

BLOCK_BYTES = 1 << 20  # 1 000–2 000 runs of [2, 2, 1]
MIN_BLOCK = 200  # below this a block's calls cost more than its arithmetic


def bytes_per_run(setup: Setup, samples: int | None = None) -> int:
    """Return about how many bytes of arrays a study holds per run of ``setup``.

    With ``samples``, only those an update works on: all the samples in
    full-batch mode, one online, a batch's in mini-batch mode.
    """
    spec, m = setup.spec, len(setup.data().X) if samples is None else samples
    # weights, gradients and the stacked copy; z, a, g′, δ and targets per sample and neuron
    return 8 * (3 * spec.n_params + 5 * m * sum(spec.dims[1:]))


def block_runs(setup: Setup) -> int:
    """Return the runs of one block for ``setup``: what one update touches fits in about BLOCK_BYTES."""
    samples = setup.config.batch_samples(len(setup.data().X))
    return max(MIN_BLOCK, BLOCK_BYTES // bytes_per_run(setup, samples))


class StudyShare:
    """Trains runs ``first_seed`` … ``first_seed + runs − 1`` of ``setup`` in blocks, in this process."""

    def __init__(self, setup: Setup, runs: int, first_seed: int = 0) -> None:
        self.size = block_runs(setup)
        starts = range(0, runs, self.size)
        self.blocks = [StudyBatch(setup, min(self.size, runs - lo), first_seed + lo) for lo in starts]

    @property
    def epoch(self) -> int:
        """Epochs trained so far (the same in every block)."""
        return self.blocks[0].epoch

    def run(self, epochs: int) -> None:
        """Train every block ``epochs`` more epochs (up to the setup's limit)."""
        for block in self.blocks:
            block.run(epochs)

    def weights(self, run: int) -> list:
        """Return the W(n) of this share's run ``run`` (counted from 0)."""
        if not 0 <= run < sum(len(b.seeds) for b in self.blocks):
            raise IndexError(f"no run {run} in this share")
        return self.blocks[run // self.size].weights(run % self.size)

    def result(self) -> tuple:
        """Return (solved_at, final_loss, final_error_rate, stopped_at) of every run of the share."""
        return tuple(np.concatenate(column) for column in zip(*(b.result() for b in self.blocks)))
