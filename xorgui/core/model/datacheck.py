"""Checking a data set of the user's own: shapes, finite numbers, the limits, and the fit to a network's dims.

Every entry point of such data (the editor, a CSV file, a model file, the
command line) goes through ``custom_data``; ``check_fits`` is the one
message for data and dims that do not match.
"""

from __future__ import annotations

import numpy as np

from xorgui.core.model.data import CUSTOM, DATASETS, Dataset
from xorgui.core.model.limits import MAX_DATA_VALUES, MAX_SAMPLES, MAX_WIDTH, thousands
from xorgui.core.model.validate import shown

__all__ = ["MAX_NAME", "DataError", "check_data", "check_fits", "custom_data"]
MAX_NAME = 100  # characters of a data set's name
Array = np.ndarray


class DataError(ValueError):
    """A data set that cannot be used; the message names the sample and column at fault."""


def custom_data(inputs: object, targets: object, name: str = CUSTOM) -> Dataset:
    """Return a checked data set of the user's own.

    Parameters
    ----------
    inputs : array_like, shape (m, a)
        One row per sample, one real number per input.
    targets : array_like, shape (m, L)
        One row per sample, one real number per target (any finite value).
    name : str
        Shown in messages, e.g. a CSV file's stem; not a preset's name.

    Raises
    ------
    DataError
        (a ValueError) naming the first problem: not a table of numbers, no
        sample, no column, rows that differ in number, a number that is NaN
        or infinite (naming its sample and column), more than
        ``MAX_SAMPLES`` samples, more than ``MAX_WIDTH`` inputs or targets,
        more than ``MAX_DATA_VALUES`` numbers in all.
    """
    return check_data(Dataset(_name(name), _table(inputs, "inputs"), _table(targets, "targets")))


def check_data(data: Dataset) -> Dataset:
    """Return ``data`` if it passes the checks of ``custom_data``; else raise DataError."""
    X, Y = data.X, data.Y  # noqa: N806
    for arr, what in ((X, "inputs"), (Y, "targets")):
        if arr.ndim != 2:
            raise DataError(f"the {what} must be a table (one row per sample), not an array of {arr.ndim} dimensions")
        if arr.shape[1] == 0:
            raise DataError(f"the data set has no {what[:-1]}: give at least one column of {what}")
        if arr.shape[1] > MAX_WIDTH:
            raise DataError(f"the data set has {thousands(arr.shape[1])} {what}; at most {MAX_WIDTH} "
                            "(as many neurons as a layer may have)")
    if len(X) != len(Y):
        raise DataError(f"the data set has {len(X)} rows of inputs but {len(Y)} rows of targets")
    if len(X) == 0:
        raise DataError("the data set is empty: give at least one sample")
    if len(X) > MAX_SAMPLES:
        raise DataError(f"the data set has {thousands(len(X))} samples; at most {thousands(MAX_SAMPLES)}")
    if X.size + Y.size > MAX_DATA_VALUES:
        raise DataError(f"the data set holds {thousands(X.size + Y.size)} numbers; at most "
                        f"{thousands(MAX_DATA_VALUES)} (samples × (inputs + targets))")
    for arr, letter in ((X, "x"), (Y, "y")):
        bad = np.argwhere(~np.isfinite(arr))
        if bad.size:
            r, j = (int(v) for v in bad[0])
            raise DataError(f"sample {r}, {letter}_{j} is {shown(float(arr[r, j]))}: every input and target must "
                            "be a finite number")
    return data


def check_fits(data: Dataset, dims: tuple[int, ...]) -> None:
    """Raise DataError unless a network of ``dims`` takes the data's inputs and gives its targets.

    The message names both: the network's first and last widths and the
    data's numbers of inputs and targets.
    """
    if data.X.shape[1:] == (dims[0],) and data.Y.shape[1:] == (dims[-1],):
        return
    a, L = data.X.shape[-1], data.Y.shape[-1]  # noqa: N806
    raise DataError(f"the network {list(dims)} does not fit data set {data.name!r}: the network takes "
                    f"{_count(dims[0], 'input')} and gives {_count(dims[-1], 'output')}, the data has "
                    f"{_count(a, 'input')} and {_count(L, 'target')} per sample")


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _name(name: object) -> str:
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        raise DataError(f"a data set's name must be 1 to {MAX_NAME} characters, got {shown(name)}")
    if name in DATASETS:
        raise DataError(f"{name!r} is the name of a preset data set: give your own data another name")
    return name


def _table(value: object, what: str) -> Array:
    try:
        arr = np.asarray(value)
    except ValueError:  # ragged nested lists
        raise DataError(f"the {what} must be a table of numbers with the same number in every row") from None
    if arr.dtype.kind not in "biuf":
        raise DataError(f"the {what} must be a table of numbers, not of {arr.dtype.name} values")
    return arr.astype(float)
