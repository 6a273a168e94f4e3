"""Checking a parsed model file (or remembered settings) key by key, whatever JSON it holds.

Every problem raises ``ModelFileError`` naming the key and what it may
hold; nothing else escapes, whatever the types, sizes or nesting of the
values. The limits are the core's (``limits``), checked by ``Spec``,
``TrainConfig`` and ``Setup`` themselves.
"""

from __future__ import annotations

import math

import numpy as np

from xorgui.core.model.data import CUSTOM, Dataset
from xorgui.core.model.datacheck import DataError, check_fits
from xorgui.core.model.network import Spec
from xorgui.core.model.validate import SettingError, shown
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.setup import Setup

FORMAT, VERSION = "xorgui-model", 1
TRAINING_KEYS = ("learning_rate", "mode", "batch_size", "shuffle", "epochs", "schedule")  # TrainConfig's
SETUP_KEYS = ("dataset", "init", "init_scale", "seed")  # Setup's
KEYS = ("format", "version", "dims", "activations", "bias", "cost", "reduction", "weights", "biases", "training",
        "data")
SPEC_KEYS = ("dims", "activations", "bias", "cost")


class ModelFileError(ValueError):
    """A model file that cannot be read; the message names the problem."""


def check_document(doc: object, required: tuple[str, ...], strict_format: bool) -> dict:
    """Return ``doc`` if it is an object of this format and version holding ``required`` and no unknown key.

    Without ``strict_format`` the format and version may be absent
    (remembered settings); when present they must be right.
    """
    if not isinstance(doc, dict):
        raise ModelFileError(f'not an xorgui model (expected an object with "format": "{FORMAT}")')
    if (strict_format or "format" in doc) and doc.get("format") != FORMAT:
        raise ModelFileError(f'not an xorgui model (expected "format": "{FORMAT}")')
    version = doc.get("version", VERSION if not strict_format else None)
    if isinstance(version, bool) or version != VERSION:
        raise ModelFileError(f"unsupported version {shown(version)} (this xorgui reads version {VERSION})")
    unknown = [k for k in doc if k not in KEYS]
    if unknown:
        raise ModelFileError(f"unknown key {shown(unknown[0])} (known: {', '.join(KEYS)})")
    for key in required:
        if key not in doc:
            raise ModelFileError(f'missing key "{key}"')
    return doc


def spec_from(doc: dict) -> Spec:
    """Return the Spec of a checked document."""
    try:
        return Spec(doc["dims"], doc["activations"], doc["bias"], doc["cost"], doc.get("reduction", "mean"))
    except SettingError as exc:
        raise ModelFileError(f'"{exc.key}": {exc}') from None


def setup_from(spec: Spec, training: object, custom: Dataset | None = None) -> Setup:
    """Return the Setup of ``spec`` with the optional "training" object of a document and its "data" (read)."""
    if training is None:
        training = {}
    if not isinstance(training, dict):
        raise ModelFileError(f'"training" must be an object, got {shown(training)}')
    unknown = [k for k in training if k not in TRAINING_KEYS + SETUP_KEYS]
    if unknown:
        raise ModelFileError(f'unknown key {shown(unknown[0])} in "training" '
                             f"(known: {', '.join(TRAINING_KEYS + SETUP_KEYS)})")
    dataset = training.get("dataset", CUSTOM if custom is not None else "xor")
    if custom is None and dataset == CUSTOM:
        raise ModelFileError(f'missing key "data": "dataset" in "training" is "{CUSTOM}"')
    if custom is not None and dataset != CUSTOM:
        raise ModelFileError(f'the file holds "data", so "dataset" in "training" must be "{CUSTOM}" or absent, '
                             f"got {shown(dataset)}")
    try:
        config = TrainConfig(**{k: training[k] for k in TRAINING_KEYS if k in training})
        setup = Setup(spec=spec, config=config, custom=custom,
                      **{k: training[k] for k in SETUP_KEYS if k in training and k != "dataset"},
                      **({"dataset": dataset} if custom is None else {}))
    except SettingError as exc:
        raise ModelFileError(f'"{exc.key}" in "training": {exc}') from None
    if custom is not None:
        try:
            check_fits(custom, spec.dims)
        except DataError as exc:
            raise ModelFileError(f'"data": {exc}') from None
    return setup


def layers(value: object, spec: Spec, key: str) -> list:
    """Return "weights" (or "biases") checked against ``spec``: per layer, lists of finite numbers.

    Checked level by level, without recursion, so that any nesting or size
    of garbage gives a message rather than a RecursionError.
    """
    if not isinstance(value, list) or len(value) != spec.N:
        raise ModelFileError(f'"{key}" must hold {spec.N} layers for dims {list(spec.dims)}, got {shown(value)}')
    for n, layer in enumerate(value, start=1):
        rows, cols = spec.dims[n], spec.dims[n - 1]
        if key == "biases":
            if not isinstance(layer, list) or len(layer) != rows:
                raise ModelFileError(f"biases of layer {n}: expected a list of {rows} numbers for dims "
                                     f"{list(spec.dims)}")
            _check_numbers(layer, key, n)
            continue
        if not isinstance(layer, list) or len(layer) != rows or not all(
                isinstance(row, list) and len(row) == cols for row in layer):
            raise ModelFileError(f"weights of layer {n}: expected shape ({rows}, {cols}), {rows} rows of {cols} "
                                 f"numbers, for dims {list(spec.dims)}")
        for row in layer:
            _check_numbers(row, key, n)
    return value


def _check_numbers(row: list, key: str, n: int) -> None:
    if {type(x) for x in row} <= {int, float}:  # JSON's numbers; bool is not one
        try:
            if np.isfinite(np.array(row, dtype=float)).all():
                return
        except OverflowError:  # a whole number beyond any float: found below
            pass
    for x in row:
        if type(x) not in (int, float):
            raise ModelFileError(f"{key} of layer {n} holds {shown(x)}, not a number")
        try:
            finite = math.isfinite(x)
        except OverflowError:
            finite = False
        if not finite:
            raise ModelFileError(f"{key} of layer {n} holds {shown(x)}, not a finite number")
