"""A fully connected network: its architecture, parameters, forward and backward passes.

Notation follows the brief: layers n = 0 … N, ``W[n]`` has shape
(L(n), L(n-1)) and holds w(n)_ij, ``b[n]`` holds b(n)_i. Lists indexed by
layer keep a ``None`` at index 0 so that ``W[n]`` reads like w(n).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from xorgui.core.model.activations import get_activation
from xorgui.core.model.costs import batch_cost, cost_from_logits, get_cost, reduce_factor
from xorgui.core.model.spec import Spec, default_activations  # noqa: F401 - part of this module's interface

Array = np.ndarray


@dataclass(frozen=True)
class Forward:
    """Values of a forward pass, per layer and per sample.

    Attributes
    ----------
    z : list
        ``z[n]``, shape (m, L(n)): weighted sums z(n); ``z[0]`` is None.
    a : list
        ``a[n]``, shape (m, L(n)): activations a(n); ``a[0]`` is the input x.
    """

    z: list
    a: list

    @property
    def yhat(self) -> Array:
        """The output ŷ = a(N), shape (m, L(N))."""
        return self.a[-1]


@dataclass(frozen=True)
class Backward:
    """Gradients of a backward pass.

    Attributes
    ----------
    delta : list
        ``delta[n]``, shape (m, L(n)): δ(n) = ∂C/∂z(n) of each sample's own
        cost (not reduced); ``delta[0]`` is None.
    dC_dW : list
        ``dC_dW[n]``, shape (L(n), L(n-1)): ∂C/∂w(n)_ij of the batch cost
        (per-sample gradients reduced by mean or sum); index 0 is None.
    dC_db : list or None
        ``dC_db[n]``, shape (L(n),): ∂C/∂b(n)_i of the batch cost; None
        without biases.
    """

    delta: list
    dC_dW: list
    dC_db: list | None


@dataclass
class Network:
    """Parameters of a network with a given ``Spec``.

    The parameters live in one flat vector ``theta``; layer n owns the block
    ``P[n]`` of shape (L(n-1) + bias, L(n)) holding Wᵀ with the biases as
    its last row, so that a forward step is one matrix product.
    """

    spec: Spec
    theta: Array = field(repr=False)

    def __post_init__(self) -> None:
        """Build the per-layer views into ``theta``."""
        self.theta = np.ascontiguousarray(self.theta, dtype=float)
        if self.theta.shape != (self.spec.n_params,):
            raise ValueError(f"expected {self.spec.n_params} parameters, got {self.theta.shape}")
        dims, start = self.spec.dims, 0
        self.P: list = [None]
        for n in range(1, self.spec.N + 1):
            rows = dims[n - 1] + self.spec.bias
            block = self.theta[start:start + rows * dims[n]].reshape(rows, dims[n])
            self.P.append(block)
            start += rows * dims[n]

    @property
    def W(self) -> list:  # noqa: N802 - the maths' name
        """Views ``W[n]`` of shape (L(n), L(n-1)); ``W[0]`` is None."""
        return [None] + [p[: self.spec.dims[n - 1]].T for n, p in enumerate(self.P) if n]

    @property
    def b(self) -> list | None:
        """Views ``b[n]`` of shape (L(n),), or None without biases."""
        if not self.spec.bias:
            return None
        return [None] + [p[-1] for p in self.P[1:]]

    def copy(self) -> Network:
        """Return an independent copy."""
        return Network(self.spec, self.theta.copy())

    def forward(self, X: Array, z_offset: tuple[int, int, float] | None = None) -> Forward:  # noqa: N803
        """Run the forward pass on inputs ``X`` of shape (m, a), keeping z and a.

        ``z_offset = (n, i, eps)`` adds eps to z(n)_i of every sample (used
        by the finite-difference check of ∂C/∂z).
        """
        with np.errstate(over="ignore", invalid="ignore"):  # diverged weights give inf, nan
            return self._forward(np.asarray(X, dtype=float), z_offset)

    def _forward(self, a: Array, z_offset: tuple[int, int, float] | None) -> Forward:
        zs: list = [None]
        acts, b = [a], self.b
        for n in range(1, self.spec.N + 1):
            z = a @ self.W[n].T
            if b is not None:
                z = z + b[n]
            if z_offset is not None and z_offset[0] == n:
                z[:, z_offset[1]] += z_offset[2]
            a = get_activation(self.spec.activations[n - 1])(z)
            zs.append(z)
            acts.append(a)
        return Forward(zs, acts)

    def backward(self, fwd: Forward, Y: Array) -> Backward:  # noqa: N803
        """Return δ per layer and sample, and ∂C/∂W, ∂C/∂b of the batch cost.

        Pure: reads ``fwd``, ``Y`` and the weights, changes nothing.
        """
        with np.errstate(over="ignore", invalid="ignore"):
            return self._backward(fwd, np.asarray(Y, dtype=float))

    def _backward(self, fwd: Forward, Y: Array) -> Backward:  # noqa: N803
        spec, N = self.spec, self.spec.N  # noqa: N806
        cost = get_cost(spec.cost)
        yhat = fwd.yhat
        if cost.is_cross_entropy:
            d = yhat - Y
        else:
            d = cost.dC_dyhat(yhat, Y) * get_activation(spec.activations[-1]).derivative(fwd.z[N])
        deltas: list = [None] * (N + 1)
        deltas[N] = d
        for n in range(N - 1, 0, -1):
            g_prime = get_activation(spec.activations[n - 1]).derivative(fwd.z[n])
            deltas[n] = g_prime * (deltas[n + 1] @ self.W[n + 1])
        k = reduce_factor(spec.reduction, yhat.shape[0])
        dW = [None] + [k * deltas[n].T @ fwd.a[n - 1] for n in range(1, N + 1)]  # noqa: N806
        db = [None] + [k * deltas[n].sum(axis=0) for n in range(1, N + 1)] if spec.bias else None
        return Backward(deltas, dW, db)

    def loss(self, X: Array, Y: Array) -> float:  # noqa: N803
        """Return the batch cost: per-sample costs reduced by mean or sum."""
        with np.errstate(over="ignore", invalid="ignore"):
            return float(batch_cost(self.per_sample_cost(self.forward(X), Y), self.spec.reduction))

    def per_sample_cost(self, fwd: Forward, Y: Array) -> Array:  # noqa: N803
        """Return each sample's cost C for a forward pass, shape (m,)."""
        softmax = self.spec.activations[-1] == "softmax"
        return cost_from_logits(get_cost(self.spec.cost), fwd.z[-1], fwd.yhat, Y, softmax)
