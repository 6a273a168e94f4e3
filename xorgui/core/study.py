"""Convergence study: many networks of one configuration trained at once, one seed each.

Every array has the run index r last, so each NumPy call works on long
contiguous rows whatever the network's size. The first layer's sums for all runs are one matrix product
(the inputs are the same for every run).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np

from xorgui.core.activations import get_activation
from xorgui.core.costs import cost_from_logits, get_cost, reduce_factor
from xorgui.core.setup import Setup
from xorgui.core.trainer import misclassified

Array = np.ndarray


def _softmax_classes(z: Array, out: Array) -> None:
    # softmax over the classes: axis 1 here, the runs being the last axis
    e = np.exp(z - z.max(axis=1, keepdims=True))
    np.divide(e, e.sum(axis=1, keepdims=True), out=out)


@dataclass(frozen=True)
class StudyResult:
    """What became of each run.

    Attributes
    ----------
    seeds : ndarray
        The seed of each run (open it in the explorer with that seed).
    solved_at : ndarray
        First epoch during which every sample was classified right (as the
        explorer's misclassification rate counts it), or −1.
    final_loss, final_error_rate : ndarray
        Batch cost and misclassification rate after the last epoch.
    epochs : int
        Epochs trained.
    """

    seeds: Array
    solved_at: Array
    final_loss: Array
    final_error_rate: Array
    epochs: int

    @property
    def stuck(self) -> Array:
        """Mask of the runs that never classified every sample right."""
        return self.solved_at < 0

    def summary(self) -> str:
        """Return a few lines: how many solved, when, and the losses the others stuck at."""
        n, stuck = len(self.seeds), self.stuck
        lines = [f"{n - stuck.sum()} of {n} runs solved it within {self.epochs} epochs"]
        if (~stuck).any():
            e = self.solved_at[~stuck]
            lines.append(f"epochs to solve: median {np.median(e):.0f}, 10 % {np.percentile(e, 10):.0f}, "
                         f"90 % {np.percentile(e, 90):.0f}")
        if stuck.any():
            losses, counts = np.unique(np.round(self.final_loss[stuck], 3), return_counts=True)
            top = sorted(zip(counts, losses), reverse=True)[:4]
            lines.append(f"{100 * stuck.mean():.1f} % stuck; their final loss: "
                         + ", ".join(f"{loss:g} ({count})" for count, loss in top))
        return "\n".join(lines)


class Study:
    """Trains ``runs`` networks of ``setup`` with seeds ``first_seed`` …, full batch.

    Parameters
    ----------
    setup : Setup
        The configuration; its mode must be "batch" (one update per epoch).
    runs : int
        Number of networks.
    first_seed : int
        Seed of run 0; run r uses first_seed + r, so that the explorer opens
        run r as ``setup.with_(seed=first_seed + r)``.
    """

    def __init__(self, setup: Setup, runs: int, first_seed: int = 0) -> None:
        if setup.config.mode != "batch":
            raise ValueError("the convergence study trains full-batch runs: switch the mode to batch")
        if runs < 1:
            raise ValueError(f"need at least one run, not {runs}")
        self.setup, self.epoch = setup, 0
        self.seeds = np.arange(first_seed, first_seed + runs)
        data, spec = setup.data(), setup.spec
        m, dims, bias = len(data.X), spec.dims, int(spec.bias)
        nets = [setup.with_(seed=int(s)).network() for s in self.seeds]
        # P[n][j, i, r]: w(n)_ij of run r, inputs first, the bias as row j = L(n-1);
        # the activations carry a matching row of ones, so sums need no separate bias
        self.P = [None] + [np.ascontiguousarray(np.stack([net.P[n] for net in nets], axis=-1))
                           for n in range(1, spec.N + 1)]
        self.x_ext = np.hstack([data.X, np.ones((m, bias))])
        # contiguous activations: ufuncs on strided views were 2–3 times slower
        self.z, self.a, self.d, self.g = ([None] + [np.empty((m, dims[n], runs)) for n in range(1, spec.N + 1)]
                                          for _ in range(4))
        self.bias = bias
        self.grad_b = [None] + [np.empty((dims[n], runs)) for n in range(1, spec.N + 1)]
        self.grad = [None] + [np.empty_like(p) for p in self.P[1:]]
        self.Y = data.Y[:, :, None]
        self.acts = [get_activation(a) for a in spec.activations]
        cost = get_cost(spec.cost)
        self.ce, self.k = cost.is_cross_entropy, cost.scale(dims[-1]) * reduce_factor(spec.reduction, m)
        self.solved_at = np.full(runs, -1)
        self._target = data.Y[:, 0] >= 0.5 if dims[-1] == 1 else np.argmax(data.Y, axis=1)
        self._step = np.zeros(())
        self._wrong = np.empty((m, runs), dtype=bool)
        self._any_wrong, self._newly = np.empty(runs, dtype=bool), np.empty(runs, dtype=bool)
        self._unsolved = np.ones(runs, dtype=bool)
        self._compile()

    def weights(self, run: int) -> list:
        """Return run ``run``'s W(n) (index n; 0 is None), as the explorer would hold them."""
        return [None] + [p[: self.setup.spec.dims[n - 1], :, run].T for n, p in enumerate(self.P) if n]

    @property
    def done(self) -> bool:
        """True once the setup's epoch limit is reached."""
        return self.epoch >= self.setup.config.epochs

    def run(self, epochs: int) -> None:
        """Train every run ``epochs`` more epochs (up to the setup's limit)."""
        self._step[()] = self.setup.config.learning_rate * self.k
        forward, backward, check, last = self._forward_ops, self._backward_ops, self._check, self.a[-1]
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(max(0, min(epochs, self.setup.config.epochs - self.epoch))):
                self.epoch += 1
                for f, args in forward:
                    f(*args)
                check(last)
                for f, args in backward:
                    f(*args)

    def _forward(self) -> None:
        for f, args in self._forward_ops:
            f(*args)

    def _compile(self) -> None:
        """Build the flat lists of NumPy calls of a forward pass and of a backward pass with its update."""
        m, N = len(self.x_ext), len(self.P) - 1  # noqa: N806
        fwd: list = []
        for n in range(1, N + 1):
            z = self.z[n]
            if n == 1:  # the inputs are shared: one matrix product for all runs
                fwd.append((np.dot, (self.x_ext, self.P[1].reshape(self.x_ext.shape[1], -1), z.reshape(m, -1))))
            else:
                L = self.setup.spec.dims[n - 1]  # noqa: N806
                fwd.append((partial(np.einsum, "sjr,jir->sir", out=z), (self.a[n - 1], self.P[n][:L])))
                if self.bias:
                    fwd.append((np.add, (z, self.P[n][L], z)))
            if self.acts[n - 1].elementwise:
                fwd += self.acts[n - 1].ops(z, self.a[n])
            else:
                fwd.append((_softmax_classes, (z, self.a[n])))
        bwd: list = [(np.subtract, (self.a[N], self.Y, self.d[N])),
                     (np.multiply, (self.d[N], self._step, self.d[N]))]  # every δ carries the step η·k
        for n in range(N, 0, -1):
            d = self.d[n]
            if (n < N or not self.ce) and self.acts[n - 1].grad_ops is not None:
                bwd += self.acts[n - 1].grad_ops(self.z[n], self.a[n], self.g[n])
                bwd.append((np.multiply, (d, self.g[n], d)))
            if n > 1:
                L = self.setup.spec.dims[n - 1]  # noqa: N806
                bwd.append((partial(np.einsum, "sjr,sir->jir", out=self.grad[n][:L]), (self.a[n - 1], d)))
                if self.bias:
                    bwd.append((partial(np.add.reduce, axis=0, out=self.grad[n][L]), (d,)))
                below = self.d[n - 1]
                bwd.append((partial(np.einsum, "sir,jir->sjr", out=below), (d, self.P[n][:L])))
            else:
                bwd.append((np.dot, (self.x_ext.T, d.reshape(m, -1), self.grad[1].reshape(self.x_ext.shape[1], -1))))
            bwd.append((np.subtract, (self.P[n], self.grad[n], self.P[n])))
        self._forward_ops, self._backward_ops = fwd, bwd

    def _check(self, yhat: Array) -> None:
        # as the explorer's error rate counts it (trainer.misclassified), measured
        # during the epoch, before its update; a few calls on preallocated arrays
        if yhat.shape[1] == 1:
            np.greater_equal(yhat[:, 0, :], 0.5, out=self._wrong)
        else:
            np.equal(np.argmax(yhat, axis=1), 1, out=self._wrong)
        np.not_equal(self._wrong, self._target[:, None], out=self._wrong)
        np.logical_or.reduce(self._wrong, axis=0, out=self._any_wrong)
        np.less(self._any_wrong, self._unsolved, out=self._newly)  # right now, and not solved before
        if self._newly.any():
            self.solved_at[self._newly] = self.epoch
            self._unsolved[self._newly] = False

    def result(self) -> StudyResult:
        """Return what became of each run so far."""
        with np.errstate(over="ignore", invalid="ignore"):
            self._forward()
        N = len(self.P) - 1  # noqa: N806
        yhat, Y = np.moveaxis(self.a[N], -1, 0), np.moveaxis(self.Y, -1, 0)  # noqa: N806 - (R, m, L)
        spec = self.setup.spec
        per = cost_from_logits(get_cost(spec.cost), np.moveaxis(self.z[N], -1, 0), yhat, Y,
                               spec.activations[-1] == "softmax")
        loss = per.sum(axis=1) * reduce_factor(spec.reduction, per.shape[1])
        return StudyResult(self.seeds.copy(), self.solved_at.copy(), loss,
                           misclassified(yhat, Y).mean(axis=1), self.epoch)
