"""What the window looks at, worked out by the trainer host: the explanation, the loss slice, a neuron's map.

These cost milliseconds each (a wide network's chain rule, 121 forward
passes for a slice, a forward pass over the plane for a map), so they are
computed here, once per (state, focus), and the views only paint them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from xorgui.core.explanation.explain import Explanation, explain
from xorgui.core.explanation.grid import Grid, has_hidden_neuron, neuron_map
from xorgui.core.explanation.lossslice import LossSlice, loss_slice
from xorgui.core.model.frozen import FrozenArrays
from xorgui.core.model.params import ParamRef, parse_param
from xorgui.core.session.command import Focus

if TYPE_CHECKING:
    from xorgui.core.session.snapshot import Snapshot

PATH_CAP = 64  # paths an explanation lists; their count and total are always exact


@dataclass(frozen=True)
class Focused(FrozenArrays):
    """The answer to a focus for one state of the run.

    Attributes
    ----------
    focus : Focus
        What was asked.
    generation, epoch : int
        The state it belongs to.
    explanation : Explanation or None
        How the gradient of ``focus.param`` arises (None without a selection, or if ``problem``).
    slice : LossSlice or None
        The cost along ``focus.param``, if the slice is on view and it is a weight or bias.
    neuron_map : ndarray or None
        a(n)_i of ``focus.neuron`` over the grid's points, shaped like its values.
    problem : str or None
        Why the selection has no explanation (it is not in this network).
    """

    focus: Focus
    generation: int
    epoch: int
    explanation: Explanation | None = None
    slice: LossSlice | None = None
    neuron_map: np.ndarray | None = field(default=None, repr=False)
    problem: str | None = None


def work_out(focus: Focus, snap: Snapshot, grid: Grid | None = None) -> Focused:
    """Return what ``focus`` asks of the state ``snap`` (pure: nothing is changed).

    A neuron is mapped over ``grid``'s plane (default: the snapshot's own grid).
    """
    net, data = snap.network(), snap.data
    explanation = slice_ = problem = None
    if focus.param:
        try:
            ref = parse_param(focus.param, net.spec)
        except ValueError as exc:
            problem = str(exc)
        else:
            sample = focus.sample if focus.sample is not None and 0 <= focus.sample < len(data.X) else None
            explanation = explain(net, data, ref, sample, cap=PATH_CAP, learning_rate=snap.learning_rate)
            if focus.slice and ref.kind in ("w", "b"):
                slice_ = loss_slice(net, data, ref, _gradient(snap, ref), snap.learning_rate)
    grid = grid if grid is not None else snap.grid
    mapped = None
    if focus.neuron is not None and grid is not None and has_hidden_neuron(net.spec.dims, *focus.neuron):
        mapped = neuron_map(net, *focus.neuron, grid)
        mapped.flags.writeable = False
    return Focused(focus, snap.generation, snap.epoch, explanation, slice_, mapped, problem)


def _gradient(snap: Snapshot, ref: ParamRef) -> float:
    """Return ∂C/∂(ref) of the batch cost, as the snapshot holds it."""
    if ref.kind == "w":
        return float(snap.dC_dW[ref.n][ref.i, ref.j])
    if snap.dC_db is None:
        raise ValueError(f"{ref.name}: this network has no biases")
    return float(snap.dC_db[ref.n][ref.i])
