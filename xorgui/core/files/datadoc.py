"""The "data" object of a model file: a data set of the user's own, its inputs and targets to the last digit.

Format::

    "data": {"name": "tutorial", "inputs": [[0.05, 0.1]], "targets": [[0.01, 0.99]]}

``inputs[r][j]`` is x_j of sample r, ``targets[r][k]`` is y_k; every row
of a table has as many numbers as the first. A model file holds "data"
exactly when its "training" object says ``"dataset": "custom"`` (or has no
dataset). JSON writes each float to the last digit, so the data set reads
back bit for bit.
"""

from __future__ import annotations

import math

from xorgui.core.files.modeldoc import ModelFileError
from xorgui.core.model.data import Dataset
from xorgui.core.model.datacheck import DataError, custom_data
from xorgui.core.model.limits import MAX_DATA_VALUES, thousands
from xorgui.core.model.validate import shown

DATA_KEYS = ("name", "inputs", "targets")


def data_to_dict(data: Dataset) -> dict:
    """Return the JSON-ready "data" object of a data set."""
    return {"name": data.name, "inputs": data.X.tolist(), "targets": data.Y.tolist()}


def data_from_dict(doc: object) -> Dataset:
    """Return the checked data set of a "data" object, whatever JSON it holds.

    Raises
    ------
    ModelFileError
        Naming the key, and the sample and column at fault.
    """
    if not isinstance(doc, dict):
        raise ModelFileError(f'"data" must be an object with "inputs" and "targets", got {shown(doc)}')
    unknown = [k for k in doc if k not in DATA_KEYS]
    if unknown:
        raise ModelFileError(f'unknown key {shown(unknown[0])} in "data" (known: {", ".join(DATA_KEYS)})')
    for key in ("inputs", "targets"):
        if key not in doc:
            raise ModelFileError(f'missing key "{key}" in "data"')
    inputs, targets = (_table(doc[key], key) for key in ("inputs", "targets"))
    try:
        return custom_data(inputs, targets, doc.get("name", "custom"))
    except DataError as exc:
        raise ModelFileError(f'"data": {exc}') from None


def _table(value: object, key: str) -> list:
    """Return ``value`` if it is a non-empty list of equally long lists of finite JSON numbers (level by level)."""
    where = f'"{key}" in "data"'
    if not isinstance(value, list) or not value or not all(isinstance(row, list) for row in value):
        raise ModelFileError(f"{where} must be a list of rows (one per sample) of numbers, got {shown(value)}")
    width = len(value[0])
    if len(value) * width > MAX_DATA_VALUES:
        raise ModelFileError(f"{where} holds more than {thousands(MAX_DATA_VALUES)} numbers")
    for r, row in enumerate(value):
        if len(row) != width:
            raise ModelFileError(f"{where}: row {r} has {len(row)} numbers, row 0 has {width}")
        if {type(x) for x in row} <= {int, float} and all(_finite(x) for x in row):
            continue
        for j, x in enumerate(row):
            if type(x) not in (int, float) or not _finite(x):
                kind = "a finite number" if type(x) in (int, float) else "a number"
                raise ModelFileError(f"{where}: sample {r}, column {j} holds {shown(x)}, not {kind}")
    return value


def _finite(x: int | float) -> bool:
    try:
        return math.isfinite(x)
    except OverflowError:  # a whole number beyond any float
        return False
