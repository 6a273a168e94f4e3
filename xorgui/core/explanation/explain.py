"""The chain-rule explanation of one gradient: paths, δ recursion, finite differences (``fdcheck``).

∂C/∂z(n)_i is the sum, over every path from the cost back to z(n)_i, of the
product of the local derivatives along it. A path passes one neuron in each
later layer, so there are L(n+1)·…·L(N) of them: they are counted exactly,
listed lazily up to a cap, and their exact total is the δ of backprop.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from xorgui.core.explanation.fdcheck import finite_difference, relative_error
from xorgui.core.model.activations import get_activation
from xorgui.core.model.costs import get_cost, reduce_factor
from xorgui.core.model.data import Dataset
from xorgui.core.model.limits import MAX_PATHS, listed_samples
from xorgui.core.model.network import Forward, Network
from xorgui.core.model.params import ParamRef, subscript

Array = np.ndarray


@dataclass(frozen=True)
class Factor:
    """One local derivative on a path, e.g. ``g'(z(1)_0)``, per sample shown."""

    name: str
    value: Array


@dataclass(frozen=True)
class Path:
    """One path from the cost back to the selection.

    Attributes
    ----------
    neurons : tuple of (layer, index)
        The neurons passed, from the output back to the selection's neuron.
    factors : tuple of Factor
        Its local derivatives, from the cost back.
    product : float
        Product of the factors (reduced over the samples in batch mode).
    """

    neurons: tuple
    factors: tuple
    product: float


@dataclass(frozen=True)
class DeltaView:
    """δ(n)_i by the recursion: the output rule or g'(z) · Σ_k w(n+1)_ki · δ(n+1)_k.

    All values are per sample shown. ``terms`` holds (k, w(n+1)_ki,
    δ(n+1)_k, product) for a hidden layer; ``dC_dyhat`` is set for the
    output layer (None with cross-entropy, whose δ is ŷ − y directly).
    """

    n: int
    i: int
    output: bool
    g_prime: Array
    dC_dyhat: Array | None
    terms: tuple
    delta: Array


@dataclass(frozen=True)
class Explanation:
    """How ∂C/∂(param) arises, for one sample or the batch, and the update it makes.

    ``rows`` are the samples whose values are kept: the one sample, or for
    the batch its first samples (``limits.listed_samples``); ``fwd``, ``Y``,
    ``local``, ``delta`` and each path's factors hold their values only,
    while ``per_sample`` holds the gradient of every sample, and
    ``gradient`` and each path's product are reduced over all of them.
    ``value`` is the parameter now and ``new_value`` = value − η · gradient
    its value after one step of gradient descent with ``learning_rate`` η
    (None for a sum z, or when no η was given); ``samples`` is the data
    set's number of samples (a full-batch Step uses the batch gradient).
    """

    param: ParamRef
    rows: Array
    batch: bool
    reduction: str
    fwd: Forward
    Y: Array
    local: Factor | None
    delta: DeltaView
    per_sample: Array
    gradient: float
    path_count: int
    paths: tuple
    finite_difference: float
    rel_error: float
    cost: str
    samples: int = 0
    learning_rate: float | None = None
    value: float | None = None
    new_value: float | None = None


def explain(net: Network, data: Dataset, ref: ParamRef, sample: int | None = None, cap: int = 64,
            cost: str | None = None, learning_rate: float | None = None) -> Explanation:
    """Explain the gradient of ``ref`` for sample index ``sample`` (None: the batch).

    ``cost`` overrides the network's cost; ``cap`` bounds the listed paths,
    and never lists more than ``MAX_PATHS`` (their count and sum stay exact
    whatever the cap: memory stays small for any number of paths). With
    ``learning_rate`` η, a weight's or bias's update w ← w − η · ∂C/∂w is
    worked out too.
    """
    if cost is not None and cost != net.spec.cost:
        net = Network(net.spec.with_(cost=cost), net.theta.copy())
    ref.check(net.spec)
    batch = sample is None
    rows = np.arange(len(data.X)) if sample is None else np.array([int(sample)])
    X, Y = data.X[rows], data.Y[rows]  # noqa: N806
    fwd = net.forward(X)
    bwd = net.backward(fwd, Y)
    k = reduce_factor(net.spec.reduction, len(rows)) if batch else 1.0
    local = _local(ref, fwd)
    per_sample = bwd.delta[ref.n][:, ref.i] * (local.value if local else 1.0)
    count = math.prod(net.spec.dims[ref.n + 1:])
    gp = _g_primes(net, fwd)
    paths = tuple(itertools.islice(iter_paths(net, fwd, Y, ref, k, gp), max(0, min(int(cap), MAX_PATHS))))
    fd = finite_difference(net, X, Y, ref, k)
    gradient = float(k * per_sample.sum())
    value = _value(net, ref)
    new_value = None if value is None or learning_rate is None else value - float(learning_rate) * gradient
    m = listed_samples(net.spec.dims, len(rows))
    return Explanation(ref, rows[:m], batch, net.spec.reduction, _first(fwd, m), Y[:m].copy(),
                       None if local is None else Factor(local.name, local.value[:m].copy()),
                       _first_delta(_delta_view(net, fwd, Y, bwd, ref, gp), m), per_sample, gradient, count,
                       tuple(Path(p.neurons, tuple(Factor(f.name, f.value[:m].copy()) for f in p.factors), p.product)
                             for p in paths),
                       fd, relative_error(gradient, fd), net.spec.cost, len(data.X),
                       None if learning_rate is None else float(learning_rate), value, new_value)


def _first(fwd: Forward, m: int) -> Forward:
    """Return the values of the first ``m`` samples of a forward pass (copies: the rest may be let go)."""
    return Forward([None if z is None else z[:m].copy() for z in fwd.z], [a[:m].copy() for a in fwd.a])


def _first_delta(d: DeltaView, m: int) -> DeltaView:
    """Return a δ view with the values of its first ``m`` samples."""
    return DeltaView(d.n, d.i, d.output, d.g_prime[:m].copy(), None if d.dC_dyhat is None else d.dC_dyhat[:m].copy(),
                     tuple((k, w, dn[:m].copy(), pr[:m].copy()) for k, w, dn, pr in d.terms), d.delta[:m].copy())


def _value(net: Network, ref: ParamRef) -> float | None:
    """Return the weight's or bias's value now (None for a sum z)."""
    if ref.kind == "w":
        return float(net.W[ref.n][ref.i, ref.j])
    if ref.kind == "b" and net.b is not None:
        return float(net.b[ref.n][ref.i])
    return None


def _local(ref: ParamRef, fwd: Forward) -> Factor | None:
    if ref.kind == "w":
        return Factor(f"a({ref.n - 1})_{ref.j}", fwd.a[ref.n - 1][:, ref.j])
    if ref.kind == "b":
        return Factor(f"∂z({ref.n})_{ref.i}/∂b", np.ones(len(fwd.a[0])))
    return None


def _g_primes(net: Network, fwd: Forward) -> list:
    return [None] + [get_activation(name).derivative(fwd.z[n]) if get_activation(name).elementwise else None
                     for n, name in enumerate(net.spec.activations, start=1)]


def _heads(net: Network, fwd: Forward, Y: Array, gp: list) -> list:  # noqa: N803
    """Return, for each output neuron k, the factors every path through it starts with."""
    N, cost = net.spec.N, get_cost(net.spec.cost)  # noqa: N806
    if cost.is_cross_entropy:
        err = fwd.yhat - Y
        return [[Factor(f"∂C/∂z({N})_{k} = ŷ_{k} − y_{k}", err[:, k])] for k in range(net.spec.dims[N])]
    dc = cost.dC_dyhat(fwd.yhat, Y)
    return [[Factor(f"∂C/∂ŷ_{k}", dc[:, k]), Factor(f"g'(z({N})_{k})", gp[N][:, k])]
            for k in range(net.spec.dims[N])]


def iter_paths(net: Network, fwd: Forward, Y: Array, ref: ParamRef, k: float = 1.0,  # noqa: N803
               gp: list | None = None) -> Iterator[Path]:
    """Yield every path from the cost to ``ref``, lazily, in lexicographic order.

    Each path's product is reduced over the samples of ``fwd`` with factor k;
    ``gp`` (g'(z) per layer) may be passed when the caller has it already.
    """
    dims, n = net.spec.dims, ref.n
    gp = gp if gp is not None else _g_primes(net, fwd)
    heads, local = _heads(net, fwd, Y, gp), _local(ref, fwd)
    for later in itertools.product(*(range(d) for d in dims[n + 1:])):
        ks = (ref.i,) + later  # ks[t] is the neuron of layer n + t
        factors = list(heads[ks[-1]])
        for t in range(len(ks) - 1, 0, -1):
            layer = n + t
            w = net.W[layer][ks[t], ks[t - 1]]
            factors.append(Factor(f"w({layer})_{subscript(ks[t], ks[t - 1])}", np.full(len(Y), w)))
            factors.append(Factor(f"g'(z({layer - 1})_{ks[t - 1]})", gp[layer - 1][:, ks[t - 1]]))
        if local is not None:
            factors.append(local)
        product = np.prod([f.value for f in factors], axis=0)
        neurons = tuple((n + t, ks[t]) for t in range(len(ks) - 1, -1, -1))
        yield Path(neurons, tuple(factors), float(k * product.sum()))


def _delta_view(net: Network, fwd: Forward, Y: Array, bwd, ref: ParamRef, gp: list) -> DeltaView:  # noqa: N803
    n, i, N = ref.n, ref.i, net.spec.N  # noqa: N806
    if n == N:
        ce = get_cost(net.spec.cost).is_cross_entropy
        dc = None if ce else get_cost(net.spec.cost).dC_dyhat(fwd.yhat, Y)[:, i]
        g = np.ones(len(Y)) if ce else gp[N][:, i]
        return DeltaView(n, i, True, g, dc, (), bwd.delta[n][:, i])
    terms = tuple((k, float(net.W[n + 1][k, i]), bwd.delta[n + 1][:, k], net.W[n + 1][k, i] * bwd.delta[n + 1][:, k])
                  for k in range(net.spec.dims[n + 1]))
    return DeltaView(n, i, False, gp[n][:, i], None, terms, bwd.delta[n][:, i])
