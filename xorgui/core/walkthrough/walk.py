"""One update taken apart, phase by phase, with the numbers of the app's own code paths.

The values are those of ``Network.forward`` and ``Network.backward``; the
gradients are reduced over the samples as ``explain`` reduces them (so the
walkthrough, the inspector and ``xorgui explain`` print the same numbers);
the new weights come from the trainer's own update program, so that the
walkthrough ends bit for bit where one Step of the trainer does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np

from xorgui.core.model.activations import get_activation, log_softmax
from xorgui.core.model.costs import batch_cost, get_cost, reduce_factor
from xorgui.core.model.data import Dataset
from xorgui.core.model.frozen import FrozenArrays
from xorgui.core.model.limits import thousands
from xorgui.core.model.network import Backward, Forward, Network, Spec
from xorgui.core.training.engine import Engine
from xorgui.core.walkthrough.phases import (
    BACKWARD,
    COST,
    FORWARD,
    GRADIENT,
    HIDDEN,
    OUTPUT,
    OUTPUT_CE,
    UPDATE,
    BackwardPhase,
    CostPhase,
    ForwardPhase,
    GradientPhase,
    Phase,
    UpdatePhase,
)

Array = np.ndarray

# Samples × weights and biases an update is taken apart for: every per-sample term of every parameter is
# kept (about 40 bytes each). 2 million take about 0.3 s and 90 MB; 2 000 samples on [2, 500, 196, 1]
# (196 million) took 21 s and 7.6 GB.
MAX_TERMS = 2_000_000
PhaseT = TypeVar("PhaseT", ForwardPhase, CostPhase, BackwardPhase, GradientPhase, UpdatePhase)


@dataclass(frozen=True)
class Walkthrough(FrozenArrays):
    """One update of a network, as a sequence of phases.

    Attributes
    ----------
    spec : Spec
        The network's architecture and cost.
    rows : ndarray of int
        The samples of the data set the update takes, in order.
    batch : bool
        True when the update takes the whole data set (a full-batch Step),
        False for one sample (an online update).
    X, Y : ndarray, shape (m, L(0)) and (m, L(N))
        Inputs and targets of those samples.
    learning_rate : float
        η.
    phases : tuple
        Forward 1 … N, the cost, backward N … 1, gradients N … 1, updates 1 … N.
    theta_before, theta_after : ndarray
        The parameters (``Network.theta``) before and after the update.
    """

    spec: Spec
    rows: Array = field(repr=False)
    batch: bool
    X: Array = field(repr=False)
    Y: Array = field(repr=False)
    learning_rate: float
    phases: tuple = field(repr=False)
    theta_before: Array = field(repr=False)
    theta_after: Array = field(repr=False)

    def phase(self, kind: str, n: int = 0) -> Phase:
        """Return the phase of ``kind`` ("forward", "cost", "backward", "gradient", "update") for layer n."""
        for p in self.phases:
            if p.kind == kind and (kind == COST or p.n == n):
                return p
        raise ValueError(f"no {kind} phase for layer {n}")

    def forward(self, n: int) -> ForwardPhase:
        """Return the forward phase of layer n."""
        return _typed(self.phase(FORWARD, n), ForwardPhase)

    def backward(self, n: int) -> BackwardPhase:
        """Return the backward phase of layer n."""
        return _typed(self.phase(BACKWARD, n), BackwardPhase)

    def gradient(self, n: int) -> GradientPhase:
        """Return the gradient phase of layer n."""
        return _typed(self.phase(GRADIENT, n), GradientPhase)

    def update(self, n: int) -> UpdatePhase:
        """Return the update phase of layer n."""
        return _typed(self.phase(UPDATE, n), UpdatePhase)

    def network_after(self) -> Network:
        """Return a new network holding the parameters after the update."""
        return Network(self.spec, self.theta_after.copy())

    @property
    def cost(self) -> CostPhase:
        """The cost phase."""
        return _typed(self.phase(COST), CostPhase)


def _typed(phase: Phase, kind: type[PhaseT]) -> PhaseT:
    assert isinstance(phase, kind)
    return phase


def walk(net: Network, data: Dataset, sample: int | None = None, learning_rate: float = 1.0) -> Walkthrough:
    """Take apart the update of ``net`` on sample index ``sample`` of ``data`` (None: the whole batch).

    ``net`` is not changed. The update is the one gradient descent makes
    with learning rate η = ``learning_rate``: online on one sample, or on
    the batch with the network's reduction.
    """
    rows = np.arange(len(data.X)) if sample is None else np.array([int(sample)])
    if sample is not None and not 0 <= int(sample) < len(data.X):
        raise ValueError(f"sample {sample} is not one of the {len(data.X)} samples (0 … {len(data.X) - 1})")
    check_terms(net.spec, len(rows))
    with np.errstate(all="ignore"):  # a diverged network's values read NaN or ∞, as they should
        return _walk(net, data.X[rows], data.Y[rows], rows, sample is None, float(learning_rate))


def check_terms(spec: Spec, samples: int) -> None:
    """Raise ValueError if an update of ``samples`` samples through ``spec`` has too many terms to take apart.

    The message says what to change: online or mini-batch mode takes
    smaller updates apart (as do fewer samples or a smaller network).
    """
    terms = samples * spec.n_params
    if terms > MAX_TERMS:
        # short enough for the status bar of a 1280-pixel screen
        raise ValueError(f"Too big to take apart: {thousands(samples)} samples × {thousands(spec.n_params)} "
                         f"parameters is over {thousands(MAX_TERMS)} terms; online or mini-batch mode takes "
                         "smaller updates")


def _walk(net: Network, X: Array, Y: Array, rows: Array, batch: bool, learning_rate: float) -> Walkthrough:  # noqa: N803
    fwd = net.forward(X)
    bwd = net.backward(fwd, Y)
    k = reduce_factor(net.spec.reduction, len(rows))
    phases: list = [_forward(net, fwd, n) for n in range(1, net.spec.N + 1)]
    phases.append(_cost(net, fwd, Y))
    phases += [_backward(net, fwd, bwd, Y, n) for n in range(net.spec.N, 0, -1)]
    grads = {n: _gradient(net, fwd, bwd, n, k) for n in range(net.spec.N, 0, -1)}
    phases += list(grads.values())
    after = trainer_update(net, X, Y, learning_rate)
    phases += [_update(net, Network(net.spec, after), grads[n], learning_rate, n)
               for n in range(1, net.spec.N + 1)]
    return Walkthrough(net.spec, _ro(rows, int), batch, _ro(X), _ro(Y), learning_rate,
                       tuple(phases), _ro(net.theta), _ro(after))


def trainer_update(net: Network, X: Array, Y: Array, learning_rate: float) -> Array:  # noqa: N803
    """Return the parameters after one update on all of ``X``, made by the trainer's own update program."""
    probe = net.copy()
    Engine(probe, X, Y).minibatch_epoch(float(learning_rate), len(X), np.arange(len(X)), np.empty(np.shape(Y)))
    return probe.theta


def _forward(net: Network, fwd: Forward, n: int) -> ForwardPhase:
    W, a_in = net.W[n], fwd.a[n - 1]  # noqa: N806
    return ForwardPhase(n, net.spec.activations[n - 1], _ro(a_in), _ro(W), _maybe(None if net.b is None else net.b[n]),
                        _ro(W[None] * a_in[:, None, :]), _ro(fwd.z[n]), _ro(fwd.a[n]))


def cost_terms(spec: Spec, z: Array, yhat: Array, Y: Array) -> Array:  # noqa: N803
    """Return each output's term of each sample's cost, shape (m, L(N)); their sum over outputs is C."""
    name = spec.cost
    if name != "cross-entropy":
        e = yhat - Y
        return {"half-sse": 0.5 * e * e, "sse": e * e}.get(name, e * e / e.shape[-1])
    with np.errstate(all="ignore"):
        if spec.activations[-1] == "softmax":
            return -(Y * log_softmax(z))
        return -(Y * -np.logaddexp(0.0, -z) + (1.0 - Y) * -np.logaddexp(0.0, z))


def _cost(net: Network, fwd: Forward, Y: Array) -> CostPhase:  # noqa: N803
    with np.errstate(all="ignore"):  # a diverged network's cost reads NaN or ∞, as it should
        per_sample = net.per_sample_cost(fwd, Y)
        value = float(batch_cost(per_sample, net.spec.reduction))
    terms = cost_terms(net.spec, fwd.z[-1], fwd.yhat, Y)
    return CostPhase(net.spec.N, net.spec.cost, net.spec.reduction, _ro(fwd.yhat), _ro(Y), _ro(terms),
                     _ro(per_sample), value)


def _backward(net: Network, fwd: Forward, bwd: Backward, Y: Array, n: int) -> BackwardPhase:  # noqa: N803
    N, cost = net.spec.N, get_cost(net.spec.cost)  # noqa: N806
    if n == N and cost.is_cross_entropy:
        return BackwardPhase(n, OUTPUT_CE, None, None, None, None, _ro(bwd.delta[n]))
    with np.errstate(all="ignore"):
        g_prime = get_activation(net.spec.activations[n - 1]).derivative(fwd.z[n])
        if n == N:
            return BackwardPhase(n, OUTPUT, _ro(g_prime), _ro(cost.dC_dyhat(fwd.yhat, Y)), None, None,
                                 _ro(bwd.delta[n]))
        W, d = net.W[n + 1], bwd.delta[n + 1]  # noqa: N806
        return BackwardPhase(n, HIDDEN, _ro(g_prime), None, _ro(W[None] * d[:, :, None]), _ro(d @ W),
                             _ro(bwd.delta[n]))


def reduce_terms(terms: Array, factor: float) -> Array:
    """Return ``factor`` × the sum over samples (axis 0) of ``terms``, each sum as ``ndarray.sum`` of that 1-D column.

    The sums run over the last, contiguous axis, where NumPy sums pairwise
    exactly as it sums one parameter's terms alone (as ``explain`` does).
    """
    return factor * np.ascontiguousarray(np.moveaxis(terms, 0, -1)).sum(axis=-1)


def _gradient(net: Network, fwd: Forward, bwd: Backward, n: int, k: float) -> GradientPhase:
    with np.errstate(all="ignore"):
        d = bwd.delta[n]
        dW_terms = d[:, :, None] * fwd.a[n - 1][:, None, :]  # noqa: N806
        db_terms = None if net.b is None else d * 1.0
        dC_db = None if db_terms is None else reduce_terms(db_terms, k)  # noqa: N806
        return GradientPhase(n, net.spec.reduction, k, _ro(dW_terms), _ro(reduce_terms(dW_terms, k)),
                             _maybe(db_terms), _maybe(dC_db))


def _update(net: Network, after: Network, grad: GradientPhase, eta: float, n: int) -> UpdatePhase:
    b, new_b = (None, None) if net.b is None or after.b is None else (net.b[n].copy(), after.b[n].copy())
    with np.errstate(all="ignore"):
        step_b = None if grad.dC_db is None else eta * grad.dC_db
        return UpdatePhase(n, eta, _ro(net.W[n]), _maybe(b), _ro(eta * grad.dC_dW), _maybe(step_b),
                           _ro(after.W[n]), _maybe(new_b))


def _ro(array: Array, dtype: type = float) -> Array:
    """Return a read-only copy of an array."""
    out: Array = np.array(array, dtype=dtype)
    out.flags.writeable = False
    return out


def _maybe(array: Array | None) -> Array | None:
    """Return a read-only copy of an array, or None."""
    return None if array is None else _ro(array)


__all__ = ["BACKWARD", "COST", "FORWARD", "GRADIENT", "UPDATE", "Walkthrough", "cost_terms", "reduce_terms",
           "trainer_update", "walk"]
