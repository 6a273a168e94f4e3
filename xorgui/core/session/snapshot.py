"""Immutable snapshots of a training session, for views and files."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import overload

import numpy as np

from xorgui.core.explanation.grid import Grid, map_values, neuron_values, plane_inputs, resolve_plane
from xorgui.core.model.build import network_from_arrays
from xorgui.core.model.costs import batch_cost
from xorgui.core.model.data import Dataset
from xorgui.core.model.frozen import FrozenArrays
from xorgui.core.model.network import Backward, Forward, Network, Spec
from xorgui.core.session.chunked import sliced_pass
from xorgui.core.session.derived import Derived, derive
from xorgui.core.session.focus import Focused
from xorgui.core.session.persample import held_rows, layer_means, one_sample
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.setup import Setup
from xorgui.core.training.trainer import EpochStats, Trainer

Array = np.ndarray


@overload
def frozen(arr: Array) -> Array: ...
@overload
def frozen(arr: None) -> None: ...
def frozen(arr: Array | None) -> Array | None:
    """Return a read-only copy of ``arr`` (None stays None)."""
    if arr is None:
        return None
    out = np.array(arr, dtype=float, copy=True)
    out.flags.writeable = False
    return out


def _layers(arrays: list | None) -> tuple:
    return tuple(frozen(a) for a in arrays or ())


@dataclass(frozen=True)
class Snapshot(FrozenArrays):
    """The state of a session after some epoch, with everything views show.

    Lists of layers are indexed by layer n = 0 … N; entries that do not
    exist (``weights[0]``, ``z[0]``, …) are None. All arrays are read-only
    copies: nothing here aliases the trainer's live arrays.

    Attributes
    ----------
    generation : int
        Bumped by every rebuild (dims change, reset); older ones are stale.
    epoch : int
        Epochs trained so far.
    spec : Spec
        Architecture and cost.
    config : TrainConfig
        Training settings.
    data : Dataset
        Inputs X and targets Y.
    weights, biases : tuple
        ``weights[n]`` = W(n), shape (L(n), L(n-1)); ``biases[n]`` = b(n),
        or ``biases`` None for a network without biases.
    z, a : tuple
        Per layer, per sample: z(n) and a(n), shape (m, L(n)); a[0] = X.
        Beyond ``persample.SAMPLE_BUDGET`` the hidden layers hold the first
        ``rows`` samples only (the input and output layers hold all ``m``):
        ask ``sample_values`` for any sample's, or the means.
    delta : tuple
        δ(n) = ∂C/∂z(n) of each sample's own cost, shape (m, L(n)) (hidden
        layers: the first ``rows`` samples, as z and a).
    dC_dW, dC_db : tuple
        ∂C/∂W(n) and ∂C/∂b(n) of the batch cost (reduced over samples).
    last_dW, last_db : tuple
        Δw and Δb of the last epoch trained (zeros before the first).
    loss : float
        Batch cost of the current weights on the whole data set.
    error_rate : float
        Share of samples the current weights misclassify.
    epoch_losses, epoch_error_rates : ndarray
        Per-epoch figures of the epochs trained since the previous snapshot.
    learning_rate : float
        η in use (the schedule of configuration 5 may have lowered it).
    stop_reason : str or None
        Why training stopped early (divergence, a stop rule), if it did.
    grid : Grid or None
        The output over the input plane (boundary view).
    setup : Setup or None
        The session's settings (for saving and for restarting).
    live : bool
        False for a look back at an earlier epoch of the run (the timeline).
    parent : int or None
        The generation this one branched from (the timeline's "Branch from
        here"); None for a run that started afresh.
    derived : Derived
        Unit logic, diagnostics, verdict and per-sample costs, computed with
        the snapshot (``derived.Derived``).
    z_mean, a_mean : tuple
        Per layer, the mean of z(n) and a(n) over all m samples, shape (L(n),)
        (``z_mean[0]`` is None).
    focused : Focused or None
        What the window looks at (the selection's explanation and loss
        slice, a neuron's map), worked out for this state (``focus.Focused``);
        None when nothing is looked at, or while training runs between two
        boundary grids (the window keeps showing the last one).
    """

    generation: int
    epoch: int
    spec: Spec
    config: TrainConfig
    data: Dataset
    weights: tuple
    biases: tuple | None
    z: tuple
    a: tuple
    delta: tuple
    dC_dW: tuple
    dC_db: tuple | None
    last_dW: tuple
    last_db: tuple | None
    loss: float
    error_rate: float
    epoch_losses: Array = field(repr=False)
    epoch_error_rates: Array = field(repr=False)
    learning_rate: float = 0.0
    stop_reason: str | None = None
    grid: Grid | None = None
    setup: Setup | None = None
    live: bool = True
    parent: int | None = None
    derived: Derived = field(kw_only=True, repr=False)
    z_mean: tuple = field(kw_only=True, repr=False)
    a_mean: tuple = field(kw_only=True, repr=False)
    focused: Focused | None = field(default=None, kw_only=True, repr=False)

    @property
    def dims(self) -> tuple[int, ...]:
        """Layer widths [a, L1, …, LN]."""
        return self.spec.dims

    def network(self) -> Network:
        """Return a new, independent network with these weights."""
        return network_from_arrays(self.spec, list(self.weights[1:]),
                                   list(self.biases[1:]) if self.biases else None)

    @cached_property
    def _net(self) -> Network:
        return self.network()

    @property
    def rows(self) -> int:
        """How many samples, the first ones, the hidden layers' ``z``, ``a`` and ``delta`` hold (all: m)."""
        return min(len(a) for a in self.a)

    def sample_values(self, kind: str, n: int, sample: int | None) -> Array:
        """Return z(n), a(n) or δ(n) (``kind`` "z", "a", "delta") of sample ``sample``, shape (L(n),).

        For ``sample`` None: the mean over all samples (z and a only). A
        sample the snapshot does not hold gets its values from a forward and
        backward pass of that sample alone on the snapshot's weights.
        """
        if sample is None:
            if kind == "delta":
                raise ValueError("a snapshot holds the means of z and a only")
            return (self.z_mean if kind == "z" else self.a_mean)[n]
        values = {"z": self.z, "a": self.a, "delta": self.delta}[kind][n]
        if sample < len(values):
            return values[sample]
        return self._one_sample(sample)[kind][n]

    def _one_sample(self, sample: int) -> dict[str, list]:
        cache = self._samples_worked_out
        if sample not in cache:
            if not 0 <= sample < len(self.data.X):
                raise IndexError(f"sample {sample} is not one of the {len(self.data.X)} samples")
            cache.clear()  # one sample is looked at at a time
            cache[sample] = one_sample(self._net, self.data.X, self.data.Y, sample)
        return cache[sample]

    @cached_property
    def _samples_worked_out(self) -> dict[int, dict[str, list]]:
        return {}

    def value_at(self, x: float, y: float = 0.0, neuron: tuple[int, int] | None = None) -> float:
        """Return the value the boundary map stands for at the point (x, y) of its plane.

        That is what the map shows (``grid.map_values``), or a(n)_i of the hidden
        neuron ``neuron`` = (n, i), with the map's axis inputs at x and y
        and the others held where the map holds them (a curve reads x
        only): what a pointer resting on the map reads, exactly at the
        point rather than at the grid's nearest cell.
        """
        net = self._net  # one network per snapshot: a resting pointer reads many values
        plane = self.grid.plane if self.grid is not None else resolve_plane(None, self.data)
        X = plane_inputs(plane, np.array([x]), np.array([y]))  # noqa: N806
        if neuron is None:
            return float(map_values(net.forward(X).yhat, self.data, plane)[0])
        return float(neuron_values(net, *neuron, X)[0])


def take_snapshot(trainer: Trainer, generation: int = 0, stats: EpochStats | None = None,
                  grid: Grid | None = None, setup: Setup | None = None, parent: int | None = None) -> Snapshot:
    """Copy the trainer's state out into a new Snapshot."""
    net, data = trainer.net, trainer.data
    fwd, bwd, z_mean, a_mean, whole = _pass(net, data)
    with np.errstate(all="ignore"):  # a diverged network: its cost reads NaN or ∞, as it should
        loss = float(batch_cost(net.per_sample_cost(whole, data.Y), net.spec.reduction))
    before = Network(net.spec, trainer.theta_before_last)
    with np.errstate(invalid="ignore", over="ignore"):  # a diverged update: inf − inf is NaN, as it should read
        delta_w = [None] + [w - w0 for w, w0 in zip(net.W[1:], before.W[1:])]
        delta_b = [None] + [b - b0 for b, b0 in zip(net.b[1:], before.b[1:])] if net.b and before.b else None
    stats = stats or EpochStats(np.empty(0), np.empty(0))
    bias = net.b is not None and bwd.dC_db is not None
    grads = list(bwd.dC_dW[1:]) + (list(bwd.dC_db[1:]) if bwd.dC_db is not None else [])
    derived = derive(net, whole, data.Y, grads, loss, trainer.learning_rate)
    return Snapshot(
        generation=generation, epoch=trainer.epoch, spec=net.spec, config=trainer.config, data=data,
        weights=_layers(net.W), biases=_layers(net.b) if bias else None,
        z=_layers(fwd.z), a=_layers(fwd.a), delta=_layers(bwd.delta),
        dC_dW=_layers(bwd.dC_dW), dC_db=_layers(bwd.dC_db) if bias else None,
        last_dW=_layers(delta_w), last_db=_layers(delta_b) if bias else None,
        loss=loss, error_rate=float(derived.wrong.mean()) if len(derived.wrong) else 0.0,
        epoch_losses=frozen(stats.loss), epoch_error_rates=frozen(stats.error_rate),
        learning_rate=trainer.learning_rate, stop_reason=trainer.stop_reason, grid=grid, setup=setup,
        parent=parent, derived=derived, z_mean=_layers(z_mean), a_mean=_layers(a_mean),
    )


def _pass(net: Network, data: Dataset) -> tuple[Forward, Backward, list, list, Forward]:
    """Return the forward and backward values a snapshot holds, the means of z and a, and what derive reads.

    What derive reads holds ŷ of every sample: the loss is taken from it
    (not from a forward pass of its own).

    Within the budget (``persample.held_rows``) that is the whole batch's
    pass, which ``derive`` reads too; over it, a pass a slice of samples at
    a time (``chunked.sliced_pass``) that keeps the first samples' values.
    """
    rows = held_rows(net.spec.dims, len(data.X))
    if rows == len(data.X):
        fwd = net.forward(data.X)
        return fwd, net.backward(fwd, data.Y), layer_means(fwd.z), layer_means(fwd.a), fwd
    done = sliced_pass(net, data.X, data.Y, rows)
    return *done.held, done.z_mean, done.a_mean, done.deciding
