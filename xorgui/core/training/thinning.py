"""Long series in bounded memory: buffers that grow without waste, blocks thinned to their extremes."""

from __future__ import annotations

import numpy as np

Array = np.ndarray


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
