"""Activation functions g and their derivatives g', as lists of NumPy calls.

An activation is described by the NumPy calls that compute it into a given
buffer, ``[(ufunc, args), …]``: the trainer's inner loop splices them into
one flat program (see ``engine``), and the plain call forms run the same
calls on new arrays, so display and training share one definition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from xorgui.core.model.registry import lookup

Array = np.ndarray
Ops = list  # [(callable, args tuple), …]
ONE = np.array(1.0)


def _sigmoid_ops(z: Array, out: Array) -> Ops:
    # 1/(1+e^-z): e^-z overflows to inf for z < -709 and 1/inf = 0 is the
    # exact limit; the callers run these under np.errstate(over="ignore").
    return [(np.negative, (z, out))] + sigmoid_of_negated_ops(out, out)


def sigmoid_of_negated_ops(minus_z: Array, out: Array) -> Ops:
    """Return the calls that write σ(z) into ``out`` given −z (for sums computed with negated weights)."""
    return [(np.exp, (minus_z, out)), (np.add, (out, ONE, out)), (np.reciprocal, (out, out))]


def _sigmoid_grad_ops(z: Array, a: Array, g: Array) -> Ops:
    return [(np.subtract, (ONE, a, g)), (np.multiply, (g, a, g))]


def negated_sigmoid_grad_ops(a: Array, g: Array) -> Ops:
    """Return the calls that write −σ'(z) = (a − 1)·a into ``g`` given a = σ(z) (as cheap as σ' itself)."""
    return [(np.subtract, (a, ONE, g)), (np.multiply, (g, a, g))]


def _tanh_grad_ops(z: Array, a: Array, g: Array) -> Ops:
    return [(np.multiply, (a, a, g)), (np.subtract, (ONE, g, g))]


def _relu_into(z: Array, out: Array) -> None:
    # np.maximum no longer takes its output positionally.
    np.maximum(z, 0.0, out=out)


def softmax_into(z: Array, out: Array, axis: int = -1) -> None:
    """Write softmax(z) over ``axis`` (the outputs) into ``out``: e^z / Σ e^z, without overflow.

    Every softmax of the app is this one: the network's output layer, the
    update program (whose outputs may lie on another axis) and, through
    ``log_softmax``, the cross-entropy cost.
    """
    # Shifting by the row maximum keeps exp() from overflowing.
    np.subtract(z, z.max(axis=axis, keepdims=True), out)
    np.exp(out, out)
    np.divide(out, out.sum(axis=axis, keepdims=True), out)


def log_softmax(z: Array, axis: int = -1) -> Array:
    """Return log softmax(z) over ``axis`` = z − max − log Σ e^(z − max), exact for saturated outputs."""
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


@dataclass(frozen=True)
class Activation:
    """An activation g with its derivative.

    Attributes
    ----------
    name : str
        Name used in model files and on the command line.
    ops : callable
        ``ops(z, out)`` returns the calls that write g(z) into ``out``.
    grad_ops : callable or None
        ``grad_ops(z, a, g)`` returns the calls that write g'(z) into ``g``
        given a = g(z), reading a alone (so that the update program can run
        them over several layers at once); None when g' is identically 1 (linear) or not
        diagonal (softmax, only used with cross-entropy, whose output delta
        ŷ − y needs no g').
    one_at : float
        A finite sum z with g(z) = 1 exactly (nan for softmax; infinities would
        send exp() down its slow path): a column of such
        sums gives the column of ones that carries the biases along with
        the activations, computed by the same calls.
    """

    name: str
    ops: Callable[[Array, Array], Ops]
    grad_ops: Callable[[Array, Array, Array], Ops] | None
    one_at: float = 1.0

    @property
    def elementwise(self) -> bool:
        """False for softmax, whose Jacobian is not diagonal."""
        return self.name != "softmax"

    def __call__(self, z: Array) -> Array:
        """Return g(z) in a new array."""
        z = np.asarray(z, dtype=float)
        out = np.empty_like(z)
        run(self.ops(z, out))
        return out

    def derivative(self, z: Array) -> Array:
        """Return g'(z) in a new array (elementwise activations only)."""
        if not self.elementwise:
            raise ValueError("softmax has no elementwise derivative; use it with cross-entropy")
        z = np.asarray(z, dtype=float)
        g = np.ones_like(z)
        if self.grad_ops is not None:
            run(self.grad_ops(z, self(z), g))
        return g


def run(ops: Ops) -> None:
    """Run a list of NumPy calls, with overflow to ±inf allowed."""
    with np.errstate(over="ignore"):
        for f, args in ops:
            f(*args)


def sigmoid(z: Array) -> Array:
    """Return σ(z) = 1/(1+e^(-z)), exact for every finite z, without warnings."""
    return ACTIVATIONS["sigmoid"](z)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("sigmoid", _sigmoid_ops, _sigmoid_grad_ops, 40.0),  # 1 + e^-40 rounds to 1
        Activation("tanh", lambda z, out: [(np.tanh, (z, out))], _tanh_grad_ops, 40.0),
        # relu' from a = max(z, 0): sign(a) is 1 where z > 0 and 0 elsewhere.
        Activation("relu", lambda z, out: [(_relu_into, (z, out))],
                   lambda z, a, g: [(np.sign, (a, g))]),
        Activation("linear", lambda z, out: [(np.copyto, (out, z))] if out is not z else [], None),
        Activation("softmax", lambda z, out: [(softmax_into, (z, out))], None, np.nan),
    )
}


def get_activation(name: str) -> Activation:
    """Return the activation called ``name``.

    Raises
    ------
    ValueError
        If the name is unknown; the message lists the known names.
    """
    return lookup(ACTIVATIONS, name, "activation")
