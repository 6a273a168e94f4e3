"""The session's commands that look back: the timeline, branches, loss surfaces."""

from __future__ import annotations

import dataclasses

import numpy as np

from xorgui.core.explanation.fdcheck import theta_index
from xorgui.core.explanation.grid import boundary_grid
from xorgui.core.explanation.lossslice import loss_surface
from xorgui.core.model.network import Network
from xorgui.core.model.params import parse_param
from xorgui.core.session.snapshot import take_snapshot
from xorgui.core.training.setup import Setup
from xorgui.core.training.trainer import Trainer

PATH_POINTS = 2000  # trajectory points sent with a loss surface


class SessionHistory:
    """Mixin of Session: the commands ``view_epoch``, ``branch``, ``surface``."""

    def _cmd_view_epoch(self, epoch: int) -> list[tuple]:
        out = self._cmd_pause() if self.running else []
        t = self.trainer
        recorded, theta, before = t.timeline.at(min(int(epoch), t.epoch))
        if recorded == t.epoch:
            return out + [self.snapshot()]
        past = Trainer(Network(t.net.spec, theta), t.data, t.config)
        past.epoch, past.theta_before_last, past.learning_rate = recorded, before, t.learning_rate
        snap = take_snapshot(past, self.generation, None, grid=boundary_grid(past.net, t.data), setup=self.setup)
        return out + [("snapshot", dataclasses.replace(snap, live=False))]

    def _cmd_branch(self, epoch: int, setup: Setup | None = None) -> list[tuple]:
        """Continue from the weights of ``epoch`` with new settings (same network), as a new generation.

        The new run's figures up to there are the old run's: the views keep
        theirs (the snapshot names the parent generation and the epoch
        branched from), so they are not sent again.
        """
        out = self._cmd_pause() if self.running else []
        setup = setup or self.setup
        old = self.trainer
        if setup.spec.dims != old.net.spec.dims or setup.spec.bias != old.net.spec.bias:
            raise ValueError("a branch keeps the network: change the settings, not the dims or biases")
        recorded, theta, before = old.timeline.at(min(int(epoch), old.epoch))
        Trainer(Network(setup.spec, theta), setup.data(), setup.config)  # validate first
        timeline = old.timeline
        timeline.truncate(recorded)
        self.running = False
        parent = self.generation
        self._build(setup, self.initial)
        self.parent = parent
        t = self.trainer
        t.net.theta[...] = theta
        t.theta_before_last[...] = before
        t.timeline = timeline
        t.continue_from(recorded, old.history)
        return out + [self.snapshot(), ("state", False)]

    def _cmd_surface(self, name_x: str, name_y: str) -> list[tuple]:
        t = self.trainer
        ref_x, ref_y = parse_param(name_x, t.net.spec), parse_param(name_y, t.net.spec)
        tl = t.timeline
        rows = np.unique(np.linspace(0, tl.size - 1, min(tl.size, PATH_POINTS)).astype(int))
        ix, iy = theta_index(t.net, ref_x), theta_index(t.net, ref_y)
        path = np.column_stack([tl.epochs[rows], tl.thetas[rows, ix], tl.thetas[rows, iy]])
        return [("surface", loss_surface(t.net, t.data, ref_x, ref_y, path))]

