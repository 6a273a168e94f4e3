"""Edits of a data set one sample at a time: add, move and delete a point (the boundary map's mouse edits).

Each returns a new, checked data set of the user's own; an edited preset
is named "custom".
"""

from __future__ import annotations

import numpy as np

from xorgui.core.model.data import CUSTOM, DATASETS, Dataset
from xorgui.core.model.datacheck import DataError, custom_data


def own_name(data: Dataset) -> str:
    """Return the name of an edited data set: a preset edited is data of one's own."""
    return CUSTOM if data.name in DATASETS else data.name


def class_target(data: Dataset, label: int) -> np.ndarray | None:
    """Return the target row of class ``label`` (0 or 1) for ``data``, or None if its targets are no classes.

    One target takes the label itself, two take it one-hot.
    """
    if data.n_outputs == 1:
        return np.array([float(label)])
    if data.n_outputs == 2:
        return np.eye(2)[label]
    return None


def with_point(data: Dataset, x: object, y: object) -> Dataset:
    """Return ``data`` with one more sample: inputs ``x``, targets ``y``."""
    return custom_data(np.vstack([data.X, np.asarray(x, dtype=float).reshape(1, -1)]),
                       np.vstack([data.Y, np.asarray(y, dtype=float).reshape(1, -1)]), own_name(data))


def with_point_moved(data: Dataset, k: int, x: object, y: object | None = None) -> Dataset:
    """Return ``data`` with sample ``k``'s inputs set to ``x`` (and its targets to ``y``, if given)."""
    X, Y = data.X.copy(), data.Y.copy()  # noqa: N806
    X[k] = np.asarray(x, dtype=float)
    if y is not None:
        Y[k] = np.asarray(y, dtype=float)
    return custom_data(X, Y, own_name(data))


def without_point(data: Dataset, k: int) -> Dataset:
    """Return ``data`` without sample ``k``.

    Raises
    ------
    DataError
        If it is the only sample: a data set keeps at least one.
    """
    if len(data.X) < 2:
        raise DataError("a data set keeps at least one sample: this is the last one")
    return custom_data(np.delete(data.X, k, axis=0), np.delete(data.Y, k, axis=0), own_name(data))
