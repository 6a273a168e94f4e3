"""Reading a run's loss history: as a sequence of values, and in words for one epoch."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from xorgui.core.model.notation import num
from xorgui.core.training.loss_history import LossHistory

Array = np.ndarray


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
