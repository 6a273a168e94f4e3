"""Model files: JSON, validated on load, written atomically.

Format (version 1)::

    {"format": "xorgui-model", "version": 1,
     "dims": [2, 2, 1], "activations": ["sigmoid", "sigmoid"],
     "bias": true, "cost": "half-sse", "reduction": "mean",
     "weights": [[[w(1)_00, w(1)_01], [w(1)_10, w(1)_11]], [[w(2)_00, w(2)_01]]],
     "biases": [[b(1)_0, b(1)_1], [b(2)_0]],
     "training": {...optional settings...}}
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np

from xorgui.core.activations import ACTIVATIONS
from xorgui.core.build import network_from_arrays
from xorgui.core.config import TrainConfig
from xorgui.core.costs import COSTS
from xorgui.core.files import write_atomic
from xorgui.core.network import Network, Spec
from xorgui.core.setup import Setup

FORMAT, VERSION = "xorgui-model", 1
_TRAINING_KEYS = ("learning_rate", "mode", "batch_size", "shuffle", "epochs", "schedule")


class ModelFileError(ValueError):
    """A model file that cannot be read; the message names the problem."""


def model_to_dict(net: Network, setup: Setup | None = None) -> dict:
    """Return the JSON-ready dictionary of a network (and its training settings)."""
    spec = net.spec
    doc = {
        "format": FORMAT, "version": VERSION, "dims": list(spec.dims), "activations": list(spec.activations),
        "bias": spec.bias, "cost": spec.cost, "reduction": spec.reduction,
        "weights": [w.tolist() for w in net.W[1:]],
        "biases": [b.tolist() for b in net.b[1:]] if spec.bias else None,
    }
    if setup is not None:
        doc["training"] = {k: getattr(setup.config, k) for k in _TRAINING_KEYS}
        doc["training"].update(dataset=setup.dataset, init=setup.init, init_scale=setup.init_scale, seed=setup.seed)
    return doc


def setup_to_dict(setup: Setup) -> dict:
    """Return a setup as a model-file dictionary without weights (for remembered settings)."""
    spec = setup.spec
    doc = {"format": FORMAT, "version": VERSION, "dims": list(spec.dims), "activations": list(spec.activations),
           "bias": spec.bias, "cost": spec.cost, "reduction": spec.reduction,
           "training": {k: getattr(setup.config, k) for k in _TRAINING_KEYS}}
    doc["training"].update(dataset=setup.dataset, init=setup.init, init_scale=setup.init_scale, seed=setup.seed)
    return doc


def setup_from_dict(doc: dict) -> Setup:
    """Rebuild a setup from ``setup_to_dict`` output (or a model file), validating it."""
    spec = Spec(tuple(doc["dims"]), tuple(doc["activations"]), bool(doc["bias"]), doc["cost"],
                doc.get("reduction", "mean"))
    return _setup(spec, doc.get("training") or {})


def save_model(path: str | os.PathLike, net: Network, setup: Setup | None = None) -> None:
    """Write a model file atomically: a temporary file beside it, then a rename.

    A failure leaves any existing file at ``path`` untouched.
    """
    path = Path(path)
    if not np.all(np.isfinite(net.theta)):
        raise ValueError("cannot save: some weights are not finite numbers (training diverged)")
    write_atomic(path, json.dumps(model_to_dict(net, setup), indent=1, allow_nan=False) + "\n")


def load_model(path: str | os.PathLike) -> tuple[Network, Setup]:
    """Read a model file; return its network and the setup it describes.

    Raises
    ------
    ModelFileError
        Naming the problem: unreadable, not JSON, another format or version,
        missing keys, unknown names, shapes that do not match dims, NaN or
        infinite numbers.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelFileError(f"{path}: cannot read the file ({exc.__class__.__name__}: {exc})") from None
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except (json.JSONDecodeError, ValueError) as exc:
        raise ModelFileError(f"{path}: not a model file: {exc}") from None
    try:
        return model_from_dict(doc)
    except (ValueError, TypeError, KeyError) as exc:
        raise ModelFileError(f"{path}: {exc}") from None


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a finite number")


def model_from_dict(doc: object) -> tuple[Network, Setup]:
    """Build a network and setup from a parsed model file, validating every key."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(f'not an xorgui model (expected "format": "{FORMAT}")')
    if doc.get("version") != VERSION:
        raise ValueError(f"unsupported version {doc.get('version')!r} (this xorgui reads version {VERSION})")
    for key in ("dims", "activations", "bias", "cost", "weights"):
        if key not in doc:
            raise ValueError(f'missing key "{key}"')
    dims = doc["dims"]
    if not isinstance(dims, list) or not all(isinstance(d, int) and not isinstance(d, bool) for d in dims):
        raise ValueError(f'"dims" must be a list of whole numbers, got {dims!r}')
    for name in doc["activations"] if isinstance(doc["activations"], list) else [None]:
        if name not in ACTIVATIONS:
            raise ValueError(f'unknown activation {name!r} in "activations" (known: {", ".join(ACTIVATIONS)})')
    if doc["cost"] not in COSTS:
        raise ValueError(f'unknown cost {doc["cost"]!r} (known: {", ".join(COSTS)})')
    if not isinstance(doc["bias"], bool):
        raise ValueError(f'"bias" must be true or false, got {doc["bias"]!r}')
    spec = Spec(tuple(dims), tuple(doc["activations"]), doc["bias"], doc["cost"], doc.get("reduction", "mean"))
    weights, biases = doc["weights"], doc.get("biases")
    _check_numbers(weights, "weights")
    if spec.bias:
        if biases is None:
            raise ValueError('missing key "biases" (the network has biases)')
        _check_numbers(biases, "biases")
    for key, value in (("weights", weights), ("biases", biases)):
        if value is not None and (not isinstance(value, list) or len(value) != spec.N):
            raise ValueError(f'"{key}" must hold {spec.N} layers for dims {list(spec.dims)}')
    net = network_from_arrays(spec, weights, biases if spec.bias else None)
    return net, _setup(spec, doc.get("training") or {})


def _check_numbers(value: object, where: str) -> None:
    if isinstance(value, list):
        for item in value:
            _check_numbers(item, where)
    elif value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f'"{where}" holds {value!r}, not a number')
    elif not math.isfinite(value):
        raise ValueError(f'"{where}" holds {value}, not a finite number')


def _setup(spec: Spec, training: dict) -> Setup:
    if not isinstance(training, dict):
        raise ValueError('"training" must be an object')
    config = TrainConfig(**{k: training[k] for k in _TRAINING_KEYS if k in training})
    extra = {k: training[k] for k in ("dataset", "init", "init_scale", "seed") if k in training}
    return Setup(spec=spec, config=config, **extra)
