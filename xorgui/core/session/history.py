"""What the session answers about the run's past: an earlier epoch, a branch point, a loss surface."""

from __future__ import annotations

import dataclasses

import numpy as np

from xorgui.core.explanation.fdcheck import theta_index
from xorgui.core.explanation.grid import Plane, boundary_grid
from xorgui.core.explanation.lossslice import LossSurface, loss_surface
from xorgui.core.model.network import Network
from xorgui.core.model.params import parse_param
from xorgui.core.session.snapshot import Snapshot, take_snapshot
from xorgui.core.training.setup import Setup
from xorgui.core.training.timeline import Timeline
from xorgui.core.training.trainer import Trainer

PATH_POINTS = 2000  # trajectory points sent with a loss surface


def timeline(t: Trainer) -> Timeline:
    """Return the timeline of a run (the session's trainers all keep one)."""
    if t.timeline is None:
        raise ValueError("this run keeps no timeline of its weights")
    return t.timeline


def past_snapshot(t: Trainer, epoch: int, generation: int, setup: Setup, plane: Plane | None = None) -> Snapshot | None:
    """Return the snapshot of the recorded epoch nearest ``epoch`` (``live`` False), or None if it is the last.

    Its boundary grid is drawn over ``plane``.
    """
    recorded, theta, before = timeline(t).at(min(int(epoch), t.epoch))
    if recorded == t.epoch:
        return None
    past = Trainer(Network(t.net.spec, theta), t.data, t.config)
    past.epoch, past.theta_before_last, past.learning_rate = recorded, before, t.learning_rate
    snap = take_snapshot(past, generation, None, grid=boundary_grid(past.net, t.data, plane), setup=setup)
    return dataclasses.replace(snap, live=False)


def branch_point(t: Trainer, epoch: int, setup: Setup) -> tuple[int, np.ndarray, np.ndarray]:
    """Return (epoch recorded, θ, θ before it) to go on from with ``setup``; raise ValueError if it cannot."""
    if setup.spec.dims != t.net.spec.dims or setup.spec.bias != t.net.spec.bias:
        raise ValueError("a branch keeps the network: change the settings, not the dims or biases")
    recorded, theta, before = timeline(t).at(min(int(epoch), t.epoch))
    Trainer(Network(setup.spec, theta), setup.data(), setup.config)  # validate first
    return recorded, theta, before


def surface(t: Trainer, name_x: str, name_y: str) -> LossSurface:
    """Return the loss over two weights or biases, with the run's trajectory through them."""
    ref_x, ref_y = parse_param(name_x, t.net.spec), parse_param(name_y, t.net.spec)
    tl = timeline(t)
    rows = np.unique(np.linspace(0, tl.size - 1, min(tl.size, PATH_POINTS)).astype(int))
    ix, iy = theta_index(t.net, ref_x), theta_index(t.net, ref_y)
    path = np.column_stack([tl.epochs[rows], tl.thetas[rows, ix], tl.thetas[rows, iy]])
    return loss_surface(t.net, t.data, ref_x, ref_y, path)
