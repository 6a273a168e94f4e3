"""The architecture and cost of a network: dims, activations, biases, cost, reduction."""

from __future__ import annotations

from dataclasses import dataclass, replace

from xorgui.core.activations import get_activation
from xorgui.core.costs import REDUCTIONS, get_cost


@dataclass(frozen=True)
class Spec:
    """The architecture and cost of a network.

    Attributes
    ----------
    dims : tuple of int
        Widths [a, L1, …, LN] of layers 0 … N, N ≥ 1.
    activations : tuple of str
        Activation name of each layer 1 … N.
    bias : bool
        Whether the neurons have biases.
    cost : str
        Per-sample cost name.
    reduction : str
        "mean" or "sum" of the per-sample gradients over a batch.
    """

    dims: tuple[int, ...] = (2, 2, 1)
    activations: tuple[str, ...] = ("sigmoid", "sigmoid")
    bias: bool = True
    cost: str = "half-sse"
    reduction: str = "mean"

    def __post_init__(self) -> None:
        """Check every field; raise ValueError naming the first problem."""
        object.__setattr__(self, "dims", tuple(int(d) for d in self.dims))
        object.__setattr__(self, "activations", tuple(self.activations))
        if len(self.dims) < 2 or min(self.dims) < 1:
            raise ValueError(f"dims must be at least two positive widths, got {list(self.dims)}")
        if len(self.activations) != self.N:
            raise ValueError(f"need {self.N} activations (layers 1…{self.N}), got {len(self.activations)}")
        for name in self.activations:
            get_activation(name)
        if "softmax" in self.activations[:-1]:
            raise ValueError("softmax is only allowed on the output layer")
        cost = get_cost(self.cost)
        if self.reduction not in REDUCTIONS:
            raise ValueError(f"unknown reduction {self.reduction!r} (known: mean, sum)")
        out = self.activations[-1]
        if cost.is_cross_entropy and out not in ("sigmoid", "softmax"):
            raise ValueError("cross-entropy needs a sigmoid or softmax output layer")
        if out == "softmax" and not cost.is_cross_entropy:
            raise ValueError("a softmax output needs the cross-entropy cost")

    @property
    def N(self) -> int:  # noqa: N802 - the brief's name for the output layer
        """Index of the output layer."""
        return len(self.dims) - 1

    @property
    def n_params(self) -> int:
        """Number of weights and biases."""
        return sum((self.dims[n - 1] + self.bias) * self.dims[n] for n in range(1, self.N + 1))

    def with_(self, **changes: object) -> Spec:
        """Return a copy with some fields changed (validated again)."""
        return replace(self, **changes)


def default_activations(n_layers: int, hidden: str = "sigmoid", output: str = "sigmoid") -> tuple[str, ...]:
    """Return ``hidden`` for layers 1 … N-1 and ``output`` for layer N."""
    return (hidden,) * (n_layers - 1) + (output,)
