"""The usual slips of a hand calculation, each recomputed: the number a learner gets who makes that slip.

A wrong answer is compared with these numbers; the one it matches names
where the calculation most likely went astray.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from xorgui.core.explanation.explain import iter_paths
from xorgui.core.model.activations import get_activation
from xorgui.core.model.network import Network
from xorgui.core.model.params import ParamRef
from xorgui.core.walkthrough.phases import HIDDEN, OUTPUT, OUTPUT_CE
from xorgui.core.walkthrough.quantity import Quantity
from xorgui.core.walkthrough.walk import Walkthrough

Array = np.ndarray
PATHS = 64  # single paths compared, at most
SLIPS = {
    "no_g_prime": "g' left out",
    "g_prime_added": "g' multiplied in, though cross-entropy cancels it",
    "a_for_z": "a used for z",
    "z_for_a": "z used for a",
    "error_sign": "the sign of ŷ − y flipped",
    "sse_factor": "the factor 2 of SSE against ½-SSE",
    "one_path": "one path instead of the sum over paths",
    "mean_factor": "the 1/m of a mean left out or added",
    "update_sign": "the update's sign: w + η · ∂C/∂w instead of w − η · ∂C/∂w",
    "no_eta": "η left out of the update",
    "partial": "only part of the product",
}


@dataclass(frozen=True)
class Slip:
    """A slip and the number it gives.

    Attributes
    ----------
    kind : str
        A key of ``SLIPS``.
    value : float
        The quantity computed with the slip.
    detail : str
        What was computed instead, in the brief's notation.
    """

    kind: str
    value: float
    detail: str

    @property
    def name(self) -> str:
        """The slip in words, e.g. "g' left out"."""
        return SLIPS[self.kind]


def slips(w: Walkthrough, q: Quantity) -> list[Slip]:
    """Return the numbers ``q`` takes with each usual slip (those that apply to it), most likely first."""
    with np.errstate(all="ignore"):  # a diverged network's slips read NaN or ∞ and match no answer
        return _slips(w, q)


def _slips(w: Walkthrough, q: Quantity) -> list[Slip]:
    if q.kind in ("z", "a"):
        return _forward_slips(w, q)
    if q.kind == "cost":
        return _cost_slips(w)
    if q.kind == "delta":
        return [Slip(kind, float(v[q.sample]), detail) for kind, v, detail in _delta_variants(w, q.n, q.i)]
    grads = _gradient_slips(w, q)
    if q.kind in ("dw", "db"):
        return grads
    old, grad = _update_values(w, q)
    eta, p = w.learning_rate, q.label.split()[0]
    return [Slip("update_sign", old + eta * grad, f"{p} + η · ∂C/∂{p}"), Slip("no_eta", old - grad, f"{p} − ∂C/∂{p}"),
            Slip("partial", -eta * grad, f"−η · ∂C/∂{p} alone, not added to {p}"),
            *(Slip(s.kind, old - eta * s.value, f"{p} − η · ∂C/∂{p} with ∂C/∂{p} = {s.detail}") for s in grads)]


def _forward_slips(w: Walkthrough, q: Quantity) -> list[Slip]:
    f, r, n, i = w.forward(q.n), q.sample, q.n, q.i
    if q.kind == "a":
        return [Slip("z_for_a", float(f.z[r, i]), f"z({n})_{i} without g")]
    out = [Slip("a_for_z", float(f.a[r, i]), f"a({n})_{i} = g(z({n})_{i})")]
    if n > 1:
        z_in = w.forward(n - 1).z[r]
        out.append(Slip("z_for_a", float(f.W[i] @ z_in + (0.0 if f.b is None else f.b[i])),
                        f"Σ_j w({n})_{i}j · z({n - 1})_j + b, with the sums z({n - 1}) for the activations a({n - 1})"))
    return out


def _cost_slips(w: Walkthrough) -> list[Slip]:
    c, m, out = w.cost, len(w.rows), []
    if c.cost in ("half-sse", "sse"):
        f = 2.0 if c.cost == "half-sse" else 0.5
        out.append(Slip("sse_factor", c.value * f, "Σ (ŷ − y)² without ½" if f > 1 else "½ Σ (ŷ − y)²"))
    if m > 1:
        f = m if c.reduction == "mean" else 1.0 / m
        out.append(Slip("mean_factor", c.value * f, "the sum over the samples" if f > 1 else "the mean"))
    return out


def _delta_variants(w: Walkthrough, n: int, i: int) -> list[tuple[str, Array, str]]:
    """Return (kind, δ(n)_i per sample with the slip, detail) for every slip that applies to δ(n)_i."""
    b, f = w.backward(n), w.forward(n)
    act = get_activation(f.activation)
    d, out = b.delta[:, i], []
    if b.rule == OUTPUT_CE:
        if act.elementwise and act.grad_ops is not None:
            out.append(("g_prime_added", d * act.derivative(f.z[:, i]), f"(ŷ_{i} − y_{i}) · g'(z({n})_{i})"))
        return out + [("error_sign", -d, f"y_{i} − ŷ_{i}")]
    assert b.g_prime is not None
    factor = b.dC_dyhat[:, i] if b.rule == OUTPUT and b.dC_dyhat is not None else b.weighted[:, i]  # type: ignore[index]
    name = f"∂C/∂ŷ_{i}" if b.rule == OUTPUT else f"Σ_k w({n + 1})_k{i} · δ({n + 1})_k"
    with np.errstate(all="ignore"):
        from_a = np.ones_like(f.z[:, i])
        if act.grad_ops is not None:  # g' as written from a, fed z: σ' as z(1 − z)
            for func, args in act.grad_ops(f.z[:, i], f.z[:, i], from_a):
                func(*args)
        out += [("no_g_prime", factor, name), ("a_for_z", factor * act.derivative(f.a[:, i]), f"{name} · g'(a)"),
                ("z_for_a", factor * from_a, f"{name} · g' written with z for a (σ' = z(1 − z))"),
                ("error_sign", -d, "δ with y − ŷ for ŷ − y"), ("partial", b.g_prime[:, i], f"g'(z({n})_{i}) alone")]
    if w.spec.cost in ("half-sse", "sse", "mse"):
        f2 = 2.0 if w.spec.cost == "half-sse" else 0.5
        out.append(("sse_factor", d * f2, "∂C/∂ŷ = 2 (ŷ − y), SSE's" if f2 > 1 else "∂C/∂ŷ = ŷ − y, ½-SSE's"))
    if b.rule == HIDDEN:
        out += _path_variants(w, n, i)
    return out


def _network(w: Walkthrough) -> Network:
    return Network(w.spec, w.theta_before.copy())


def _path_variants(w: Walkthrough, n: int, i: int) -> list[tuple[str, Array, str]]:
    """Return δ(n)_i per sample with one term of Σ_k, or one path from the cost, in place of the sum."""
    b, nxt, W = w.backward(n), w.backward(n + 1), w.forward(n + 1).W  # noqa: N806
    assert b.g_prime is not None
    if int(np.prod(w.spec.dims[n + 1:])) < 2:
        return []
    out = [("one_path", b.g_prime[:, i] * W[k, i] * nxt.delta[:, k], f"g' · w({n + 1})_{k}{i} · δ({n + 1})_{k} only")
           for k in range(W.shape[0])]
    net = _network(w)
    per_sample = [list(itertools.islice(iter_paths(net, net.forward(w.X[r:r + 1]), w.Y[r:r + 1], ParamRef("z", n, i)),
                                        PATHS)) for r in range(len(w.rows))]
    for p_no in range(len(per_sample[0])):
        route = " → ".join(f"z({m})_{k}" for m, k in per_sample[0][p_no].neurons)
        out.append(("one_path", np.array([paths[p_no].product for paths in per_sample]), f"the path C → {route}"))
    return out


def _gradient_slips(w: Walkthrough, q: Quantity) -> list[Slip]:
    n, i = q.n, q.i
    g = w.gradient(n)
    a_j = np.ones(len(w.rows)) if q.kind in ("db", "b_new") else w.forward(n).a_in[:, q.j]
    k = g.factor

    def reduce(per_sample: Array) -> float:
        return float(k * (per_sample * a_j).sum())

    out = [Slip(kind, reduce(v), f"{detail}, times a({n - 1})_{q.j}" if q.kind in ("dw", "w_new") else detail)
           for kind, v, detail in _delta_variants(w, n, i)]
    if q.kind in ("dw", "w_new"):
        d = w.backward(n).delta[:, i]
        out.append(Slip("partial", float(k * d.sum()), f"δ({n})_{i} without a({n - 1})_{q.j}"))
        if n > 1:
            out.append(Slip("z_for_a", float(k * (d * w.forward(n - 1).z[:, q.j]).sum()), f"δ · z({n - 1})_{q.j}"))
    m, true = len(w.rows), (g.dC_dW[i, q.j] if q.kind in ("dw", "w_new") else g.dC_db[i])  # type: ignore[index]
    if m > 1:
        f = m if g.reduction == "mean" else 1.0 / m
        out.append(Slip("mean_factor", float(true * f), "the sum over samples" if f > 1 else "the mean over samples"))
    return out


def _update_values(w: Walkthrough, q: Quantity) -> tuple[float, float]:
    """Return the parameter before the update and its gradient."""
    u, g = w.update(q.n), w.gradient(q.n)
    if q.kind == "w_new":
        return float(u.W[q.i, q.j]), float(g.dC_dW[q.i, q.j])
    assert u.b is not None and g.dC_db is not None
    return float(u.b[q.i]), float(g.dC_db[q.i])
