"""Model files: JSON, validated on load, written atomically.

Format (version 1)::

    {"format": "xorgui-model", "version": 1,
     "dims": [2, 2, 1], "activations": ["sigmoid", "sigmoid"],
     "bias": true, "cost": "half-sse", "reduction": "mean",
     "weights": [[[w(1)_00, w(1)_01], [w(1)_10, w(1)_11]], [[w(2)_00, w(2)_01]]],
     "biases": [[b(1)_0, b(1)_1], [b(2)_0]],
     "training": {...optional settings...},
     "data": {"name": ..., "inputs": [[x_0, x_1], ...], "targets": [[y_0], ...]}}

"data" (see ``datadoc``) is there exactly when the setup holds a data set
of the user's own (``"dataset": "custom"``); files without it, and with a
preset's name, read as before.
"""

from __future__ import annotations

import json
import os

import numpy as np

from xorgui.core.files.access import FileAccessError, read_limited, write_atomic
from xorgui.core.files.datadoc import data_from_dict, data_to_dict
from xorgui.core.files.modeldoc import (
    FORMAT,
    SETUP_KEYS,
    SPEC_KEYS,
    TRAINING_KEYS,
    VERSION,
    ModelFileError,
    check_document,
    layers,
    setup_from,
    spec_from,
)
from xorgui.core.model.build import network_from_arrays
from xorgui.core.model.data import Dataset
from xorgui.core.model.limits import MAX_MODEL_BYTES
from xorgui.core.model.network import Network
from xorgui.core.training.setup import Setup

__all__ = ["FORMAT", "VERSION", "ModelFileError", "load_model", "model_from_dict", "model_to_dict", "parse_model",
           "save_model", "setup_from_dict", "setup_to_dict"]


def model_to_dict(net: Network, setup: Setup | None = None) -> dict:
    """Return the JSON-ready dictionary of a network (and its training settings)."""
    spec = net.spec
    doc = {
        "format": FORMAT, "version": VERSION, "dims": list(spec.dims), "activations": list(spec.activations),
        "bias": spec.bias, "cost": spec.cost, "reduction": spec.reduction,
        "weights": [w.tolist() for w in net.W[1:]],
        "biases": [b.tolist() for b in net.b[1:]] if net.b is not None else None,
    }
    if setup is not None:
        doc["training"] = _training(setup)
        if setup.custom is not None:
            doc["data"] = data_to_dict(setup.custom)
    return doc


def setup_to_dict(setup: Setup) -> dict:
    """Return a setup as a model-file dictionary without weights (for remembered settings), with its own data."""
    spec = setup.spec
    doc = {"format": FORMAT, "version": VERSION, "dims": list(spec.dims), "activations": list(spec.activations),
           "bias": spec.bias, "cost": spec.cost, "reduction": spec.reduction, "training": _training(setup)}
    if setup.custom is not None:
        doc["data"] = data_to_dict(setup.custom)
    return doc


def _training(setup: Setup) -> dict:
    return {**{k: getattr(setup.config, k) for k in TRAINING_KEYS}, **{k: getattr(setup, k) for k in SETUP_KEYS}}


def setup_from_dict(doc: object) -> Setup:
    """Rebuild a setup from ``setup_to_dict`` output (or a model file), checking every key.

    Raises
    ------
    ModelFileError
        (a ValueError) for any JSON value that is not such a dictionary,
        naming the key at fault and what it may hold; no other exception.
    """
    doc = check_document(doc, SPEC_KEYS, strict_format=False)
    return setup_from(spec_from(doc), doc.get("training"), _custom(doc))


def model_from_dict(doc: object) -> tuple[Network, Setup]:
    """Build a network and setup from a parsed model file, checking every key.

    Raises
    ------
    ModelFileError
        Naming the key at fault and what it may hold.
    """
    doc = check_document(doc, SPEC_KEYS + ("weights",), strict_format=True)
    spec = spec_from(doc)
    weights = layers(doc["weights"], spec, "weights")
    if spec.bias and doc.get("biases") is None:
        raise ModelFileError('missing key "biases" (the network has biases)')
    if not spec.bias and doc.get("biases") is not None:
        raise ModelFileError('"biases" must be null or absent: the network has no biases ("bias": false)')
    biases = layers(doc["biases"], spec, "biases") if spec.bias else None
    setup = setup_from(spec, doc.get("training"), _custom(doc))
    return network_from_arrays(spec, weights, biases), setup


def _custom(doc: dict) -> Dataset | None:
    return data_from_dict(doc["data"]) if doc.get("data") is not None else None


def save_model(path: str | os.PathLike, net: Network, setup: Setup | None = None) -> None:
    """Write a model file atomically: a temporary file beside it, then a rename.

    A failure leaves any existing file at ``path`` untouched and raises an
    OSError naming ``path``; a symbolic link is written through.
    """
    if not np.all(np.isfinite(net.theta)):
        raise ValueError("cannot save: some weights are not finite numbers (training diverged)")
    write_atomic(path, json.dumps(model_to_dict(net, setup), indent=1, allow_nan=False) + "\n")


def load_model(path: str | os.PathLike) -> tuple[Network, Setup]:
    """Read a model file; return its network and the setup it describes.

    Raises
    ------
    ModelFileError
        One sentence naming the file and the problem: missing, unreadable,
        not a regular file, larger than ``MAX_MODEL_BYTES``, not UTF-8 text
        (a byte-order mark is fine), not JSON, another format or version,
        missing or unknown keys, a value of the wrong type or out of range,
        shapes that do not match dims, NaN or infinite numbers.
    """
    try:
        data = read_limited(path, MAX_MODEL_BYTES)
    except FileAccessError as exc:
        raise ModelFileError(str(exc)) from None
    return parse_model(data, os.fspath(path))


def parse_model(data: bytes | str, name: str = "the model") -> tuple[Network, Setup]:
    """Return the network and setup of a model file's contents; ``name`` starts every error message."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ModelFileError(f"{name} is not UTF-8 text (byte {exc.start}: {exc.reason})") from None
    try:
        doc = json.loads(text)  # NaN and Infinity are read, then refused by the check of their key
    except json.JSONDecodeError as exc:
        raise ModelFileError(f"{name} is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise ModelFileError(f"{name} is not a model file: its JSON is nested too deeply") from None
    except ValueError as exc:  # a whole number of thousands of digits
        raise ModelFileError(f"{name} is not a model file: {exc}") from None
    try:
        return model_from_dict(doc)
    except ModelFileError as exc:
        raise ModelFileError(f"{name}: {exc}") from None

