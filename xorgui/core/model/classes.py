"""The class an output stands for, and the misclassification rule built on it.

One output: the class is ŷ ≥ 0.5 (against y ≥ 0.5). Several outputs: the
class is the index of the largest value (one-hot targets). Every count of
misclassified samples in the app, the explorer's error rate and the
study's "solved" alike, goes through ``classes``. Those words mean
something only for targets that are classes (``are_classes``); other
targets (0.01 and 0.99, 3.7) are values to come close to, judged by the
cost and |ŷ − y|.
"""

from __future__ import annotations

from functools import partial

import numpy as np

Array = np.ndarray
HALF = np.array(0.5)


def classes(y: Array, axis: int = -1) -> Array:
    """Return the class of each sample, the outputs lying along ``axis``.

    Parameters
    ----------
    y : ndarray
        Outputs or targets; ``y.shape[axis]`` is the number of outputs L.
    axis : int
        The outputs' axis.

    Returns
    -------
    ndarray
        Booleans (ŷ ≥ 0.5) with one output, indices of the largest output
        with several; shaped as ``y`` without ``axis``.
    """
    out = np.empty(np.delete(y.shape, axis % y.ndim).astype(int), dtype=class_dtype(y.shape[axis]))
    for f, args in class_ops(y, out, axis):
        f(*args)
    return out


def class_ops(y: Array, out: Array, axis: int = -1) -> list:
    """Return the NumPy calls writing the classes of ``y`` into ``out`` (see ``classes``), to run every epoch."""
    if y.shape[axis] == 1:
        return [(np.greater_equal, (y[(slice(None),) * (axis % y.ndim) + (0,)], HALF, out))]
    return [(partial(np.argmax, axis=axis, out=out), (y,))]


def class_dtype(n_outputs: int) -> type:
    """Return the dtype ``classes`` gives for ``n_outputs`` outputs."""
    return bool if n_outputs == 1 else np.intp


def misclassified(yhat: Array, Y: Array) -> Array:  # noqa: N803
    """Return, per sample, whether ŷ gives the wrong class (outputs on the last axis)."""
    return classes(yhat) != classes(np.broadcast_to(Y, yhat.shape))


def are_classes(Y: Array) -> bool:  # noqa: N803
    """Return whether targets ``Y`` (m, L) stand for classes, so that right and wrong mean something.

    One target: every value is 0 or 1. Several: every row is one-hot (a
    single 1, the rest 0). Other targets, e.g. 0.01 and 0.99 or 3.7, are
    values to approach, not classes.
    """
    Y = np.asarray(Y)  # noqa: N806
    if Y.ndim != 2 or Y.size == 0 or not np.all((Y == 0) | (Y == 1)):
        return False
    return bool(Y.shape[1] == 1 or np.all(Y.sum(axis=1) == 1))
