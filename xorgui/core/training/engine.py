"""The trainer's inner loop: the update program with one run, on the network's own parameters.

The program (``program.Program``, R = 1) writes into the network's
``theta`` in place, so the trainer, its timeline and its snapshots always
see the weights trained so far. The per-epoch loss is computed later, many
epochs at once, from the stored errors e = ŷ − y.
"""

from __future__ import annotations

import numpy as np

from xorgui.core.model.network import Network
from xorgui.core.training.layout import Layout
from xorgui.core.training.program import Program

Array = np.ndarray


class Engine:
    """Trains a network in place.

    Parameters
    ----------
    net : Network
        Trained in place; the engine keeps views into its parameters.
    X, Y : ndarray
        Inputs (m, a) and targets (m, L(N)).
    """

    def __init__(self, net: Network, X: Array, Y: Array) -> None:  # noqa: N803
        self.net, self.X, self.Y = net, np.asarray(X, float), np.asarray(Y, float)
        self.layout = Layout(1)
        self.theta = net.theta[None]  # one run: (1, n_params), a view
        self.G = np.empty_like(self.theta)
        self._programs: dict[int, Program] = {}

    def program(self, m: int, lr: float) -> Program:
        """Return (and cache) the update program on m samples, with its step set for η = lr."""
        if m not in self._programs:
            self._programs[m] = Program(self.net.spec, self.layout, self.theta, self.G, m)
        prog = self._programs[m]
        prog.set_step(lr)
        return prog

    def batch_epochs(self, lr: float, errs: Array, thetas: Array | None = None) -> None:
        """Run ``len(errs)`` full-batch epochs; write e = ŷ − y of epoch k into ``errs[k]``.

        With ``thetas``, also θ after epoch k into ``thetas[k]`` (for the timeline).
        """
        prog = self.program(len(self.X), lr)
        prog.x[0, :, : self.X.shape[1]] = self.X
        prog.y[0] = self.Y
        ops, e, copy, theta = prog.ops, prog.e[0], np.copyto, self.net.theta
        with np.errstate(over="ignore", invalid="ignore"):
            if thetas is None:
                for row in errs:
                    for f, args in ops:
                        f(*args)
                    copy(row, e)
            else:
                for row, after in zip(errs, thetas):
                    for f, args in ops:
                        f(*args)
                    copy(row, e)
                    copy(after, theta)

    def minibatch_epoch(self, lr: float, batch: int, order: Array, err: Array) -> None:
        """Run one epoch of updates on batches of ``batch`` samples taken in ``order``.

        ``err[r]`` receives e = ŷ − y of sample ``order[r]``, measured
        before the update of its batch.
        """
        m = len(order)
        Xo, Yo = self.X[order], self.Y[order]  # noqa: N806
        with np.errstate(over="ignore", invalid="ignore"):
            for s in range(0, m, batch):
                t = min(s + batch, m)
                prog = self.program(t - s, lr)
                prog.x[0, :, : Xo.shape[1]] = Xo[s:t]
                prog.y[0] = Yo[s:t]
                prog.run()
                err[s:t] = prog.e[0]
