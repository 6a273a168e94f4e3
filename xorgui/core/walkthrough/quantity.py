"""The quantities of an update a learner can be asked for: a z, an a, a δ, a gradient, the cost, a new weight."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xorgui.core.walkthrough.lines import (
    a_line,
    batch_cost_line,
    cost_line,
    delta_lines,
    gradient_lines,
    param_name,
    sample_of,
    update_line,
    z_line,
)
from xorgui.core.walkthrough.walk import Walkthrough

# z(n)_i, a(n)_i, δ(n)_i (per sample), ∂C/∂w(n)_ij, ∂C/∂b(n)_i, the cost C, w(n)_ij and b(n)_i after the update
KINDS = ("z", "a", "delta", "dw", "db", "cost", "w_new", "b_new")
PER_SAMPLE = ("z", "a", "delta")


@dataclass(frozen=True)
class Quantity:
    """One number of an update.

    Attributes
    ----------
    kind : str
        One of ``KINDS``.
    n, i, j : int
        Layer, neuron and (weights only) input neuron; unused by "cost".
    sample : int
        For z, a and δ: the sample of the update (0 … m−1, 0 for an online update).
    """

    kind: str
    n: int = 0
    i: int = 0
    j: int = 0
    sample: int = 0

    def __post_init__(self) -> None:
        """Refuse an unknown kind."""
        if self.kind not in KINDS:
            raise ValueError(f"unknown quantity {self.kind!r} (known: {', '.join(KINDS)})")

    @property
    def label(self) -> str:
        """The quantity in the brief's notation, e.g. ``δ(1)_0``, ``∂C/∂w(2)_01`` or ``w(2)_01 after the update``."""
        j = self.j if self.kind in ("dw", "w_new") else None
        return {"z": f"z({self.n})_{self.i}", "a": f"a({self.n})_{self.i}", "delta": f"δ({self.n})_{self.i}",
                "dw": f"∂C/∂{param_name(self.n, self.i, j)}", "db": f"∂C/∂{param_name(self.n, self.i, None)}",
                "cost": "C", "w_new": f"{param_name(self.n, self.i, j)} after the update",
                "b_new": f"{param_name(self.n, self.i, None)} after the update"}[self.kind]


def question(w: Walkthrough, q: Quantity) -> str:
    """Return what the learner is asked, naming the sample for a per-sample value of a batch."""
    if q.kind in PER_SAMPLE and w.batch:
        return f"{q.label} for sample {sample_of(w, q.sample)}"
    return q.label


def value(w: Walkthrough, q: Quantity) -> float:
    """Return the true value of ``q`` in the update ``w`` (the walkthrough's, hence explain's, number)."""
    r, n, i, j = q.sample, q.n, q.i, q.j
    if q.kind == "cost":
        return float(w.cost.value)
    if q.kind in ("z", "a"):
        f = w.forward(n)
        return float((f.z if q.kind == "z" else f.a)[r, i])
    if q.kind == "delta":
        return float(w.backward(n).delta[r, i])
    g, u = w.gradient(n), w.update(n)
    if q.kind == "dw":
        return float(g.dC_dW[i, j])
    if q.kind == "w_new":
        return float(u.new_W[i, j])
    biases = g.dC_db if q.kind == "db" else u.new_b
    if biases is None:
        raise ValueError(f"{q.label}: this network has no biases")
    return float(biases[i])


def quantities(w: Walkthrough) -> list[Quantity]:
    """Return every quantity of the update: per sample z, a, δ; the cost; every gradient and new value."""
    dims, bias = w.spec.dims, w.spec.bias
    out = [Quantity(kind, n, i, 0, r) for kind in PER_SAMPLE for r in range(len(w.rows))
           for n in range(1, w.spec.N + 1) for i in range(dims[n])]
    out.append(Quantity("cost"))
    for kind in ("dw", "w_new"):
        out += [Quantity(kind, n, i, j) for n in range(1, w.spec.N + 1) for i in range(dims[n])
                for j in range(dims[n - 1])]
    for kind in ("db", "b_new") if bias else ():
        out += [Quantity(kind, n, i) for n in range(1, w.spec.N + 1) for i in range(dims[n])]
    return out


def pick(w: Walkthrough, seed: int | None = None, kinds: tuple[str, ...] = KINDS) -> Quantity:
    """Return a quantity of ``kinds`` drawn at random (the same seed, the same pick)."""
    pool = [q for q in quantities(w) if q.kind in kinds]
    if not pool:
        raise ValueError(f"this update has no quantity of kind {', '.join(kinds)}")
    return pool[int(np.random.default_rng(seed).integers(len(pool)))]


def step_lines(w: Walkthrough, q: Quantity) -> list[str]:
    """Return the walkthrough's lines that work ``q`` out: the correct step with its numbers."""
    r, n, i = q.sample, q.n, q.i
    if q.kind == "z":
        return [z_line(w, n, i, r)]
    if q.kind == "a":
        return [z_line(w, n, i, r), a_line(w, n, i, r)]
    if q.kind == "delta":
        return delta_lines(w, n, i, r)
    if q.kind == "cost":
        each = [cost_line(w, s) for s in range(len(w.rows))]
        return each + [batch_cost_line(w)] if w.batch and len(w.rows) > 1 else each
    j = q.j if q.kind in ("dw", "w_new") else None
    grads = gradient_lines(w, n, i, j)
    return grads if q.kind in ("dw", "db") else [grads[-1], update_line(w, n, i, j)]
