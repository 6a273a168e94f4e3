"""A run's per-epoch loss and error rate in bounded memory: every epoch up to a limit, then thinned.

A run of up to ``EXACT_EPOCHS`` epochs keeps every epoch's figures. When a
longer run fills the buffer, the epochs recorded so far are cut into blocks
of ``stride`` epochs and each block keeps only the epochs of its lowest and
highest loss and of its lowest and highest error rate (``block_extremes``,
the rule the loss plot also draws by): peaks, plateaus and spikes survive,
every row keeps its true epoch, and the latest epoch is always kept.
Epochs recorded after a thinning are kept whole until ``SUFFIX_ROWS`` more
have come; then they are thinned in blocks of the same stride (a quick
pass over those rows only). When the buffer is nearly full, the stride
doubles and every block merges with its neighbour, as often as it takes to
leave the buffer at most half full: a pass over all rows, once each time
the run's length doubles.
"""

from __future__ import annotations

import numpy as np

from xorgui.core.training.thinning import block_extremes, grown

Array = np.ndarray
EXACT_EPOCHS = 2**20  # rows kept (24 bytes each): every epoch of a run up to this many
SUFFIX_ROWS = 2**16  # once a run is thinned, its new epochs are thinned in batches of this many


class LossHistory:
    """Loss and misclassification rate per epoch (epochs from 1), at most ``capacity`` rows.

    Parameters
    ----------
    capacity : int
        Rows kept; a run of up to this many epochs keeps every one.

    Attributes
    ----------
    stride : int
        Epochs per block in the thinned part (1 until the first thinning).
    thinned_until : int
        Last epoch of the thinned part (0: nothing thinned); rows after it
        are every epoch.
    version : int
        Bumped whenever rows already recorded change (thinning, truncation,
        clearing), so that a reader of only the new rows knows to read
        again from ``unchanged_rows(its version)`` on.
    """

    def __init__(self, capacity: int = EXACT_EPOCHS) -> None:
        self.capacity = max(16, int(capacity))
        self.version = 0
        self._changes: list[tuple[int, int]] = []  # (version, first row it changed), the latest few
        self.clear()

    def clear(self) -> None:
        """Forget every epoch."""
        self._epochs = np.empty(min(1024, self.capacity), dtype=np.int64)
        self._values = np.empty((len(self._epochs), 2))
        self.rows, self.stride, self.thinned_until = 0, 1, 0
        self._last = 0  # the latest epoch recorded: thinning may drop its row
        self._thin_at = self.capacity  # the row count at which the next thinning runs
        self._changed(0)

    def _changed(self, row: int) -> None:
        """Note that the rows from ``row`` on are not what they were."""
        self.version += 1
        self._changes = [*self._changes[-15:], (self.version, row)]

    def unchanged_rows(self, version: int) -> int:
        """Return how many leading rows are as they were at ``version`` (0 when that is too long ago)."""
        since = [row for v, row in self._changes if v > version]
        if version > self.version or len(since) < self.version - version:
            return 0
        return min(since, default=self.rows)

    @property
    def epochs(self) -> Array:
        """The epoch of each row, increasing (a view: do not keep)."""
        return self._epochs[: self.rows]

    @property
    def loss(self) -> Array:
        """The loss of each row (a view: do not keep)."""
        return self._values[: self.rows, 0]

    @property
    def error_rate(self) -> Array:
        """The misclassification rate of each row (a view: do not keep)."""
        return self._values[: self.rows, 1]

    @property
    def last_epoch(self) -> int:
        """The latest epoch recorded (0 when empty); its row is always kept, unless cut by ``truncate``."""
        return self._last

    size = last_epoch  # the epochs the history covers, from 1

    @property
    def nbytes(self) -> int:
        """Bytes held by the buffers."""
        return self._epochs.nbytes + self._values.nbytes

    def extend(self, loss: Array, error_rate: Array) -> None:
        """Record the figures of the epochs after the last one recorded, thinning when the buffer is full."""
        block = np.column_stack([np.asarray(loss, float).ravel(), np.asarray(error_rate, float).ravel()])
        first = self.last_epoch + 1
        while len(block):
            if self.rows >= self._thin_at:
                self._thin()
            take = min(len(block), self._thin_at - self.rows)
            self._reserve(self.rows + take)
            end = self.rows + take
            self._epochs[self.rows:end] = np.arange(first, first + take)
            self._values[self.rows:end] = block[:take]
            self.rows, first, block = end, first + take, block[take:]
            self._last = first - 1

    def _reserve(self, rows: int) -> None:
        if rows > len(self._epochs):
            grow = min(self.capacity, max(rows, 2 * len(self._epochs)))
            self._epochs, self._values = grown(self._epochs, grow), grown(self._values, grow)

    def _thin(self) -> None:
        """Thin the epochs recorded since the last thinning; double the stride if the buffer is nearly full."""
        suffix = min(SUFFIX_ROWS, self.capacity // 4)
        start = 0
        if self.stride == 1:
            self._regroup(0, 8)  # 8 epochs keep at most 4 rows: the buffer ends at most half full
        else:  # blocks before the one that holds the first new epoch are thinned at this stride already
            start = int(np.searchsorted(self.epochs, self.thinned_until // self.stride * self.stride + 1))
            self._regroup(start, self.stride)
        if self.rows > self.capacity - suffix:
            start = 0
            while self.rows > self.capacity // 2:
                self._regroup(0, 2 * self.stride)
        self.thinned_until = self.last_epoch
        self._thin_at = min(self.capacity, self.rows + suffix)
        self._changed(start)

    def _regroup(self, start: int, stride: int) -> None:
        """Keep, of the rows from ``start`` on, the extremes of each block of ``stride`` epochs, and the last row."""
        end = self.rows
        keep = start + block_extremes(self._values[start:end], (self._epochs[start:end] - 1) // stride)
        if end > start and (not len(keep) or keep[-1] != end - 1):  # the views show the latest epoch: it stays
            keep = np.append(keep, end - 1)
        self._epochs[start:start + len(keep)] = self._epochs[keep]
        self._values[start:start + len(keep)] = self._values[keep]
        self.rows, self.stride = start + len(keep), stride

    def values_view(self) -> Array:
        """Loss and rate of each row, shape (rows, 2) (a view: do not keep)."""
        return self._values[: self.rows]

    def truncate(self, epoch: int) -> None:
        """Forget every epoch after ``epoch`` (a branch goes on from there)."""
        epoch = max(int(epoch), 0)
        if epoch < self._last:
            self.rows = int(np.searchsorted(self.epochs, epoch, side="right"))
            self._last, self.thinned_until = epoch, min(self.thinned_until, epoch)
            self._changed(self.rows)

    def block(self, epoch: int) -> tuple[int, int]:
        """Return the first and last epoch of the block that holds ``epoch`` (itself twice when kept whole)."""
        if epoch > self.thinned_until or self.stride == 1:
            return epoch, epoch
        first = (epoch - 1) // self.stride * self.stride + 1
        return first, min(first + self.stride - 1, self.thinned_until)

    def rows_of(self, epoch: int) -> tuple[int, int, slice]:
        """Return (first epoch, last epoch, rows) of the block holding ``epoch``: the rows kept for it."""
        first, last = self.block(epoch)
        lo, hi = np.searchsorted(self.epochs, [first, last + 1])
        return first, last, slice(int(lo), int(hi))

    def at(self, epoch: int) -> tuple[float, float] | None:
        """Return (loss, rate) of ``epoch`` if that epoch's figures are kept, else None."""
        k = int(np.searchsorted(self.epochs, epoch))
        if k < self.rows and self._epochs[k] == epoch:
            return float(self._values[k, 0]), float(self._values[k, 1])
        return None
