"""Snapshots for testing one view on its own, and a forward pass written apart from the core's."""

from __future__ import annotations

import dataclasses

import numpy as np

from xorgui.core.explanation.grid import boundary_grid
from xorgui.core.model.build import network_from_arrays
from xorgui.core.model.data import Dataset, make_dataset
from xorgui.core.model.network import Network, Spec
from xorgui.core.session.command import Focus
from xorgui.core.session.focus import work_out
from xorgui.core.session.snapshot import Snapshot, take_snapshot
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.trainer import Trainer

G = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0.0),
     "linear": lambda z: z}


def snapshot_of(net: Network, data: Dataset | None = None, lr: float = 1.0, epochs: int = 0) -> Snapshot:
    """Return the snapshot a session of ``net`` would send, with its boundary grid."""
    data = data if data is not None else make_dataset("xor", n_outputs=net.spec.dims[-1])
    trainer = Trainer(net, data, TrainConfig(learning_rate=lr))
    trainer.run(epochs)
    with np.errstate(invalid="ignore"):  # its Δw = w − w0 is inf − inf for an infinite weight
        return take_snapshot(trainer, grid=boundary_grid(trainer.net, data))


def looking_at(snap: Snapshot, param: str = "", neuron: tuple[int, int] | None = None,
               sample: int | None = None) -> Snapshot:
    """Return ``snap`` carrying what the trainer works out when the window looks at these (with the loss slice)."""
    return dataclasses.replace(snap, focused=work_out(Focus(param, sample, neuron, True), snap))


def net_of(dims: tuple, weights: list, biases: list, activations: tuple | None = None) -> Network:
    """Return a network with these weights (W(1), W(2), …) and biases."""
    return network_from_arrays(Spec(dims, activations) if activations else Spec(dims), weights, biases)


def activations_at(snap: Snapshot, X: np.ndarray) -> list[np.ndarray]:
    """Return a(0) … a(N) at the inputs ``X``: z = a · Wᵀ + b layer by layer, from the snapshot's arrays."""
    a = [np.asarray(X, dtype=float)]
    with np.errstate(all="ignore"):
        for n in range(1, len(snap.dims)):
            z = a[-1] @ np.asarray(snap.weights[n]).T + (snap.biases[n] if snap.biases else 0.0)
            a.append(G[snap.spec.activations[n - 1]](z))
    return a


# hidden units AND-ish and OR-ish, output their difference: XOR, by hand, with clear margins
XOR_NET = ((2, 2, 1), [[[20, 20], [20, 20]], [[-20, 20]]], [[-30, -10], [-10]])


def shown(qtbot, view, size=(330, 260)):
    """Show a view alone at a tab's size (about what it gets at 1280×720) and return it once exposed."""
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return view
