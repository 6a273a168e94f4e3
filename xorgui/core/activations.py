"""Activation functions g and their derivatives g'.

Every function writes into ``out`` so the trainer's inner loop allocates
nothing; the plain call forms allocate and are used for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

Array = np.ndarray


def _sigmoid(z: Array, out: Array) -> Array:
    # 1/(1+e^-z): e^-z may overflow to inf for z < -709, and 1/inf = 0 is the
    # right limit; callers silence the overflow flag (see ``sigmoid``).
    np.negative(z, out)
    np.exp(out, out)
    np.add(out, 1.0, out)
    return np.reciprocal(out, out)


def sigmoid(z: Array) -> Array:
    """Return σ(z) = 1/(1+e^(-z)), exact for every finite z, no warning.

    Parameters
    ----------
    z : ndarray
        Weighted sums.

    Returns
    -------
    ndarray
        σ(z), in [0, 1].
    """
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore"):
        return _sigmoid(z, np.empty_like(z))


def _sigmoid_grad(z: Array, a: Array, out: Array) -> Array:
    np.subtract(1.0, a, out)
    return np.multiply(out, a, out)


def _tanh(z: Array, out: Array) -> Array:
    return np.tanh(z, out)


def _tanh_grad(z: Array, a: Array, out: Array) -> Array:
    np.multiply(a, a, out)
    return np.subtract(1.0, out, out)


def _relu(z: Array, out: Array) -> Array:
    return np.maximum(z, 0.0, out)


def _relu_grad(z: Array, a: Array, out: Array) -> Array:
    return np.greater(z, 0.0, out, casting="unsafe")


def _linear(z: Array, out: Array) -> Array:
    if out is not z:
        np.copyto(out, z)
    return out


def _linear_grad(z: Array, a: Array, out: Array) -> None:
    # g' = 1: callers skip the multiplication altogether.
    return None


def _softmax(z: Array, out: Array) -> Array:
    # Shifting by the row maximum keeps exp() from overflowing.
    np.subtract(z, z.max(axis=-1, keepdims=True), out)
    np.exp(out, out)
    np.divide(out, out.sum(axis=-1, keepdims=True), out)
    return out


def _softmax_grad(z: Array, a: Array, out: Array) -> None:
    # Only reached through cross-entropy, whose output delta is ŷ − y already.
    raise ValueError("softmax is only supported together with the cross-entropy cost")


@dataclass(frozen=True)
class Activation:
    """An activation g with its derivative.

    Attributes
    ----------
    name : str
        Name used in model files and on the command line.
    apply_into : callable
        ``apply_into(z, out)`` writes g(z) into ``out`` and returns it.
    grad_into : callable
        ``grad_into(z, a, out)`` writes g'(z) into ``out`` given a = g(z)
        and returns it, or returns None when g' is identically 1.
    elementwise : bool
        False for softmax, whose Jacobian is not diagonal.
    """

    name: str
    apply_into: Callable[[Array, Array], Array]
    grad_into: Callable[[Array, Array, Array], Array | None]
    elementwise: bool = True

    def __call__(self, z: Array) -> Array:
        """Return g(z) in a new array."""
        z = np.asarray(z, dtype=float)
        with np.errstate(over="ignore"):
            return self.apply_into(z, np.empty_like(z))

    def derivative(self, z: Array) -> Array:
        """Return g'(z) in a new array (elementwise activations only)."""
        z = np.asarray(z, dtype=float)
        g = self.grad_into(z, self(z), np.empty_like(z))
        return np.ones_like(z) if g is None else g


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("sigmoid", _sigmoid, _sigmoid_grad),
        Activation("tanh", _tanh, _tanh_grad),
        Activation("relu", _relu, _relu_grad),
        Activation("linear", _linear, _linear_grad),
        Activation("softmax", _softmax, _softmax_grad, elementwise=False),
    )
}


def get_activation(name: str) -> Activation:
    """Return the activation called ``name``.

    Raises
    ------
    ValueError
        If the name is unknown; the message lists the known names.
    """
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r} (known: {known})") from None
