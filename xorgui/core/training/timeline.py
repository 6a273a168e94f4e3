"""The run's history of parameters, for scrubbing back and branching; memory bounded."""

from __future__ import annotations

import numpy as np

from xorgui.core.training.thinning import grown

Array = np.ndarray
BUDGET_BYTES = 200 * 2**20  # at most this much for a run's parameters


class Timeline:
    """Parameters θ after selected epochs: every epoch until the budget is full, then thinned.

    When the buffer is full, every other entry is dropped and the stride
    doubles, so a long run keeps an evenly spaced history of at most
    ``capacity`` entries (epoch 0, the initial weights, is always kept).
    ``capacity`` is what fits the budget, but never under two entries: a
    network whose θ alone takes more than half the budget keeps epoch 0 and
    one more. While the buffer grows (doubling, up to ``capacity``) the old
    and new buffers are held together for a moment.

    Parameters
    ----------
    theta0 : ndarray
        The initial parameters (epoch 0).
    budget : int
        Bytes the history may use.
    """

    def __init__(self, theta0: Array, budget: int = BUDGET_BYTES) -> None:
        self.capacity = max(2, budget // max(theta0.nbytes, 1))
        self.thetas = np.empty((min(self.capacity, 1024), theta0.size))
        self.epochs = np.empty(len(self.thetas), dtype=np.int64)
        self.size, self.stride = 0, 1
        self._put(0, theta0)

    @property
    def nbytes(self) -> int:
        """Bytes held by the history buffers."""
        return self.thetas.nbytes + self.epochs.nbytes

    @property
    def last_epoch(self) -> int:
        """The latest epoch recorded."""
        return int(self.epochs[self.size - 1])

    def add(self, first_epoch: int, thetas: Array) -> None:
        """Record θ after epochs ``first_epoch``, ``first_epoch + 1``, … (one row each), as the stride allows."""
        epochs = np.arange(first_epoch, first_epoch + len(thetas))
        keep = epochs % self.stride == 0
        for e, theta in zip(epochs[keep], thetas[keep]):
            if e % self.stride == 0:  # the stride may have grown within this block
                self._put(int(e), theta)

    def _put(self, epoch: int, theta: Array) -> None:
        if self.size == len(self.thetas):
            if len(self.thetas) < self.capacity:
                grow = min(self.capacity, 2 * len(self.thetas))
                self.thetas, self.epochs = grown(self.thetas, grow), grown(self.epochs, grow)
            else:
                self._thin()
                if epoch % self.stride:
                    return
        self.thetas[self.size] = theta
        self.epochs[self.size] = epoch
        self.size += 1

    def _thin(self) -> None:
        self.stride *= 2
        keep = np.flatnonzero(self.epochs[: self.size] % self.stride == 0)
        self.thetas[: len(keep)] = self.thetas[keep]
        self.epochs[: len(keep)] = self.epochs[keep]
        self.size = len(keep)

    def at(self, epoch: int) -> tuple[int, Array, Array]:
        """Return (recorded epoch ≤ ``epoch``, θ then, θ at the entry before it)."""
        k = max(0, int(np.searchsorted(self.epochs[: self.size], epoch, side="right")) - 1)
        return int(self.epochs[k]), self.thetas[k].copy(), self.thetas[max(k - 1, 0)].copy()

    def truncate(self, epoch: int) -> None:
        """Forget everything recorded after ``epoch`` (a branch starts there)."""
        self.size = max(1, int(np.searchsorted(self.epochs[: self.size], epoch, side="right")))
