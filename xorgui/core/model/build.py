"""Networks made from a seed (parameters drawn by an initialisation scheme) or from given arrays."""

from __future__ import annotations

import numpy as np

from xorgui.core.model.network import Network
from xorgui.core.model.spec import Spec

Array = np.ndarray
INITS = ("uniform01", "uniform", "normal", "glorot")


def init_network(spec: Spec, seed: int | None = None, init: str = "uniform01", scale: float = 1.0) -> Network:
    """Return a network with freshly drawn parameters.

    Parameters
    ----------
    spec : Spec
        Architecture.
    seed : int or None
        Seed of ``numpy.random.default_rng``; the same seed gives the same
        parameters bit for bit.
    init : str
        "uniform01" (uniform in [0, 1)), "uniform" (uniform in (−scale,
        scale)), "normal" (standard deviation ``scale``) or "glorot"
        (uniform in ±√(6/(fan_in+fan_out)), zero biases).
    scale : float
        Range or standard deviation for "uniform" and "normal".
    """
    if init not in INITS:
        raise ValueError(f"unknown initialisation {init!r} (known: {', '.join(INITS)})")
    rng = np.random.default_rng(seed)
    net = Network(spec, np.zeros(spec.n_params))
    for n in range(1, spec.N + 1):
        fan_in, fan_out = spec.dims[n - 1], spec.dims[n]
        for target in [net.W[n]] + ([net.b[n]] if net.b is not None else []):
            target[...] = _draw(rng, init, scale, target.shape, fan_in, fan_out, is_bias=target.ndim == 1)
    return net


def _draw(rng: np.random.Generator, init: str, scale: float, shape: tuple, fan_in: int, fan_out: int,
          is_bias: bool) -> Array:
    if init == "uniform01":
        return rng.random(shape)
    if init == "uniform":
        return rng.uniform(-scale, scale, shape)
    if init == "normal":
        return rng.normal(0.0, scale, shape)
    if is_bias:
        return np.zeros(shape)
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, shape)


def network_from_arrays(spec: Spec, weights: list, biases: list | None) -> Network:
    """Return a network holding the given ``weights[n-1]`` = W(n) and ``biases[n-1]`` = b(n)."""
    net = Network(spec, np.zeros(spec.n_params))
    if net.b is not None and biases is None:
        raise ValueError("a network with biases needs its biases")
    for n in range(1, spec.N + 1):
        _assign(net.W[n], weights[n - 1], f"weights of layer {n}")
        if net.b is not None and biases is not None:
            _assign(net.b[n], biases[n - 1], f"biases of layer {n}")
    return net


def _assign(target: Array, values: object, what: str) -> None:
    arr = np.asarray(values, dtype=float)
    if arr.shape != target.shape:
        raise ValueError(f"{what}: expected shape {target.shape}, got {arr.shape}")
    target[...] = arr
