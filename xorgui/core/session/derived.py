"""What the views show of a snapshot beyond its arrays, computed once from them by pure functions.

The trainer host computes it with each snapshot (``take_snapshot``), so the
views only paint: none of them builds a network or runs a forward pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from xorgui.core.explanation.diagnostics import Finding, diagnose_sums, verdict
from xorgui.core.explanation.logic import UnitLogic, unit_logic
from xorgui.core.model.classes import are_classes
from xorgui.core.model.frozen import FrozenArrays
from xorgui.core.model.network import Forward, Network
from xorgui.core.training.trainer import misclassified

if TYPE_CHECKING:
    from xorgui.core.session.snapshot import Snapshot


@dataclass(frozen=True)
class Derived(FrozenArrays):
    """The derived data of one snapshot.

    Attributes
    ----------
    units : tuple of UnitLogic
        The Boolean function each neuron forms on the four corners (2-input networks; empty otherwise).
    findings : tuple of Finding
        Saturated and dead neurons.
    verdict : str or None
        Why training cannot go on, with what to do (see ``diagnostics.verdict``).
    sample_costs : ndarray, shape (m,)
        Each sample's cost C.
    wrong : ndarray of bool, shape (m,)
        The samples the network misclassifies; none when the targets are not
        classes (no class, so no sample is wrong: views outline none in red).
    classes : bool
        Whether the targets are classes (``model.classes.are_classes``); if
        not, views speak of |ŷ − y| and the cost, not of right and wrong.
    """

    units: tuple[UnitLogic, ...]
    findings: tuple[Finding, ...]
    verdict: str | None
    sample_costs: np.ndarray = field(repr=False)
    wrong: np.ndarray = field(repr=False)
    classes: bool = True

    def unit(self, n: int, i: int) -> UnitLogic | None:
        """Return the logic of neuron (n, i), or None if it has none."""
        return next((u for u in self.units if (u.n, u.i) == (n, i)), None)


def derive(net: Network, fwd: Forward, Y: np.ndarray, grads: list, loss: float, lr: float) -> Derived:  # noqa: N803
    """Return the derived data of a network's state: its forward pass on the data, its batch gradients."""
    spec = net.spec
    with np.errstate(all="ignore"):  # a diverged network: its costs read NaN or ∞, as they should
        costs = net.per_sample_cost(fwd, Y)
    classes = are_classes(Y)
    wrong = misclassified(fwd.yhat, Y) if classes else np.zeros(len(Y), bool)
    for array in (costs, wrong):
        array.flags.writeable = False
    return Derived(tuple(unit_logic(net)), tuple(diagnose_sums(spec.activations, fwd.z)),
                   verdict(spec.activations, fwd.z, fwd.yhat, Y, grads, loss, lr), costs, wrong, classes)


def network_verdict(snap: Snapshot) -> str | None:
    """Return what went wrong with the whole network of a snapshot, and what to do, or None.

    See :func:`xorgui.core.explanation.diagnostics.verdict`: this passes it the snapshot's arrays.
    """
    grads = list(snap.dC_dW[1:]) + (list(snap.dC_db[1:]) if snap.dC_db else [])
    return verdict(snap.spec.activations, snap.z, snap.a[-1], snap.data.Y, grads, snap.loss,
                   snap.learning_rate)
