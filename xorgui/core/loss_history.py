"""A run's per-epoch loss and error rate in bounded memory: every epoch up to a limit, then thinned.

A run of up to ``EXACT_EPOCHS`` epochs keeps every epoch's figures. When a
longer run fills the buffer, the epochs recorded so far are cut into blocks
of ``stride`` epochs and each block keeps only the epochs of its lowest and
highest loss and of its lowest and highest error rate (``block_extremes``,
the rule the loss plot also draws by): peaks, plateaus and spikes survive,
and every row keeps its true epoch; the latest epoch is always kept. Epochs recorded after a thinning are
kept whole until ``SUFFIX_ROWS`` more have come; then they are thinned in
blocks of the same stride (a quick pass over those rows only). When the
buffer is nearly full, the stride doubles and every block merges with its
neighbour, as often as it takes to leave the buffer at most half full: a
pass over all rows, once each time the run's length doubles.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from xorgui.core.worked import num

Array = np.ndarray
EXACT_EPOCHS = 2**20  # rows kept (24 bytes each): every epoch of a run up to this many
SUFFIX_ROWS = 2**16  # once a run is thinned, its new epochs are thinned in batches of this many


def grown(array: Array, rows: int) -> Array:
    """Return a copy of ``array`` with room for ``rows`` rows (the old ones first).

    Not ``np.resize``: growing to a size that is not a multiple of the old
    one, it returns a slice of a larger array, whose every byte stays held.
    """
    out = np.empty((rows, *array.shape[1:]), dtype=array.dtype)
    out[: len(array)] = array
    return out


def block_extremes(values: Array, groups: Array) -> Array:
    """Return the sorted row indices of each group's lowest and highest value, in every column.

    Parameters
    ----------
    values : ndarray
        Shape (n,) or (n, k): the rows to choose from.
    groups : ndarray
        Shape (n,), non-decreasing: the block each row belongs to.

    Returns
    -------
    ndarray
        Indices into the rows, at most 2·k per group. Ties keep the first row;
        NaN counts as the highest value (a diverged epoch is a peak to keep).
    """
    n = len(groups)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    group_of = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, n]))
    picked = np.zeros(n, dtype=bool)  # a mask, not np.unique: no sort of a million rows
    for column in values.reshape(n, -1).T:
        key = np.where(np.isnan(column), np.inf, column)
        for reduce in (np.minimum, np.maximum):
            hit = np.flatnonzero(key == reduce.reduceat(key, starts)[group_of])
            picked[hit[np.r_[True, group_of[hit][1:] != group_of[hit][:-1]]]] = True
    return np.flatnonzero(picked)


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


class KeptValues(Sequence):
    """One column of a ``LossHistory`` as a read-only sequence: every epoch's value until thinning.

    Indexing gives floats, slices arrays; ``len`` is the number of rows
    kept; it compares equal to any sequence of the same values.
    """

    def __init__(self, history: LossHistory, column: int) -> None:
        self._history, self._column = history, column

    def _array(self) -> Array:
        return self._history.values_view()[:, self._column]

    def __len__(self) -> int:
        return self._history.rows

    def __getitem__(self, k):
        item = self._array()[k]
        return float(item) if np.ndim(item) == 0 else item.copy()

    def __iter__(self):
        return iter(self._array().tolist())

    def __array__(self, dtype=None, copy=None) -> Array:
        return np.array(self._array(), dtype=dtype)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (Sequence, np.ndarray)):
            return NotImplemented
        return bool(np.array_equal(self._array(), np.asarray(other, dtype=float), equal_nan=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"KeptValues({self._array()!r})"


def describe_epoch(history: LossHistory, epoch: int) -> str:
    """Say what ``history`` holds for ``epoch``: its figures, or the range of the thinned block it fell in."""
    kept = history.at(epoch)
    if kept is not None:
        return f"epoch {epoch}: loss {_loss_text(kept[0])}, misclassified {100 * kept[1]:.1f} %"
    first, last, rows = history.rows_of(epoch)
    if first == last or rows.stop == rows.start:
        return f"epoch {epoch}: not recorded"
    loss, rate = history.loss[rows], 100 * history.error_rate[rows]
    key = np.where(np.isnan(loss), np.inf, loss)  # NaN counts as the highest, as in block_extremes
    lo, hi = loss[np.argmin(key)], loss[np.argmax(key)]
    return (f"epochs {first}–{last} (kept as their extremes): loss {_loss_text(lo)} … {_loss_text(hi)}, "
            f"misclassified {rate.min():.1f} … {rate.max():.1f} %")


def _loss_text(value: float) -> str:
    """Return the loss as a number, or in words when training diverged."""
    if np.isfinite(value):
        return num(value)
    return f"{num(value)} (not a number: training diverged)" if np.isnan(value) else f"{num(value)}: training diverged"
