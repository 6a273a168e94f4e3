"""Many networks of one configuration trained at once in one process, one seed each.

Every array has the run index r last, so each NumPy call works on long
contiguous rows whatever the network's size. The first layer's sums for all
runs are one matrix product (the inputs are the same for every run). An
epoch is a flat list of NumPy calls on preallocated arrays (as in
``engine``), with three savings that matter at this size, where each call
on a few thousand values costs 1–7 µs:

- a sigmoid layer keeps its weights negated, so that its sums come out as
  −z and σ needs no negation: the backward pass carries the sign along and
  turns the update into an addition where it must;
- the activations of all layers lie in one buffer, so that g′ of every
  layer is one pass when they share the activation;
- the targets are stored once per run, as broadcasting them costs as much
  as a second subtraction.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from xorgui.core.activations import get_activation, sigmoid_of_negated_ops
from xorgui.core.costs import cost_from_logits, get_cost, reduce_factor
from xorgui.core.setup import Setup
from xorgui.core.trainer import misclassified

Array = np.ndarray
HALF = np.array(0.5)

try:  # the C routine behind np.einsum, without the Python wrapper's ~1 µs a call
    from numpy._core.multiarray import c_einsum as _einsum
except ImportError:  # pragma: no cover - NumPy 1.x
    _einsum = np.einsum


def _softmax_classes(z: Array, out: Array) -> None:
    # softmax over the classes: axis 1 here, the runs being the last axis
    e = np.exp(z - z.max(axis=1, keepdims=True))
    np.divide(e, e.sum(axis=1, keepdims=True), out=out)


def _views(flat: Array, shapes: list) -> list:
    """Return consecutive C-contiguous views of ``flat`` with the given shapes (index 0 is None)."""
    views, start = [None], 0
    for shape in shapes:
        size = int(np.prod(shape))
        views.append(flat[start:start + size].reshape(shape))
        start += size
    return views


class StudyBatch:
    """Trains ``runs`` networks of ``setup``, seeds ``first_seed`` …, full batch, in this process."""

    def __init__(self, setup: Setup, runs: int, first_seed: int = 0) -> None:
        self.setup, self.epoch = setup, 0
        self.seeds = np.arange(first_seed, first_seed + runs)
        data, spec = setup.data(), setup.spec
        m, dims, N = len(data.X), spec.dims, spec.N  # noqa: N806
        nets = [setup.with_(seed=int(s)).network() for s in self.seeds]
        self.acts = [get_activation(a) for a in spec.activations]
        # sign[n] = −1 where layer n's weights are kept negated (sigmoid layers)
        self.sign = [1] + [-1 if a.name == "sigmoid" else 1 for a in self.acts]
        # P[n][j, i, r]: sign[n]·w(n)_ij of run r, inputs first, the bias as row j = L(n-1)
        self.P = [None] + [self.sign[n] * np.ascontiguousarray(np.stack([net.P[n] for net in nets], axis=-1))
                           for n in range(1, N + 1)]
        self.x_ext = np.hstack([data.X, np.ones((m, int(spec.bias)))])
        shapes = [(m, dims[n], runs) for n in range(1, N + 1)]
        size = sum(int(np.prod(s)) for s in shapes)
        self._a_flat, self._g_flat = np.empty(size), np.empty(size)
        self.a, self.g = _views(self._a_flat, shapes), _views(self._g_flat, shapes)
        self.z, self.d = ([None] + [np.empty(s) for s in shapes] for _ in range(2))
        self.grad = [None] + [np.empty_like(p) for p in self.P[1:]]
        self.Y = np.ascontiguousarray(np.broadcast_to(data.Y[:, :, None], (m, dims[-1], runs)))
        cost = get_cost(spec.cost)
        self.ce, self.k = cost.is_cross_entropy, cost.scale(dims[-1]) * reduce_factor(spec.reduction, m)
        self.solved_at = np.full(runs, -1)
        self._step = np.zeros(())
        self._compile(m, runs, data.Y)

    def weights(self, run: int) -> list:
        """Return run ``run``'s W(n) (index n; 0 is None), as the explorer would hold them."""
        return [None] + [self.sign[n] * p[: self.setup.spec.dims[n - 1], :, run].T for n, p in enumerate(self.P) if n]

    def run(self, epochs: int) -> None:
        """Train every run ``epochs`` more epochs (up to the setup's limit)."""
        self._step[()] = self.setup.config.learning_rate * self.k
        ops, backward, newly = self._forward_ops + self._check_ops, self._backward_ops, self._newly
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(max(0, min(epochs, self.setup.config.epochs - self.epoch))):
                self.epoch += 1
                for f, args in ops:
                    f(*args)
                if newly.any():  # right during this epoch (before its update), and never before
                    self.solved_at[newly] = self.epoch
                    self._unsolved[newly] = False
                for f, args in backward:
                    f(*args)

    def result(self) -> tuple:
        """Return (solved_at, final_loss, final_error_rate) of each run, the last two after the last epoch."""
        with np.errstate(over="ignore", invalid="ignore"):
            for f, args in self._forward_ops:
                f(*args)
        N = len(self.P) - 1  # noqa: N806
        yhat, Y = np.moveaxis(self.a[N], -1, 0), np.moveaxis(self.Y, -1, 0)  # noqa: N806 - (R, m, L)
        spec = self.setup.spec
        per = cost_from_logits(get_cost(spec.cost), self.sign[N] * np.moveaxis(self.z[N], -1, 0), yhat, Y,
                               spec.activations[-1] == "softmax")
        loss = per.sum(axis=1) * reduce_factor(spec.reduction, per.shape[1])
        return self.solved_at.copy(), loss, misclassified(yhat, Y).mean(axis=1)

    def _compile(self, m: int, runs: int, targets: Array) -> None:
        """Build the lists of NumPy calls: forward pass, check of the classes, backward pass with the update."""
        N, dims, sign = len(self.P) - 1, self.setup.spec.dims, self.sign  # noqa: N806
        fwd: list = []
        for n in range(1, N + 1):
            z, a = self.z[n], self.a[n]  # z holds sign[n]·z
            if n == 1:  # the inputs are shared: one matrix product for all runs
                fwd.append((np.dot, (self.x_ext, self.P[1].reshape(self.x_ext.shape[1], -1), z.reshape(m, -1))))
            else:
                fwd.append((partial(_einsum, "sjr,jir->sir", out=z), (self.a[n - 1], self.P[n][: dims[n - 1]])))
                if self.setup.spec.bias:
                    fwd.append((np.add, (z, self.P[n][dims[n - 1]], z)))
            if sign[n] < 0:
                fwd += sigmoid_of_negated_ops(z, a)
            elif self.acts[n - 1].elementwise:
                fwd += self.acts[n - 1].ops(z, a)
            else:
                fwd.append((_softmax_classes, (z, a)))
        self._forward_ops, self._check_ops = fwd, self._compile_check(m, runs, targets)
        # every δ carries the step η·k, and d[n] holds s·η·k·δ(n) with the sign s tracked here
        bwd: list = [(np.subtract, (self.a[N], self.Y, self.d[N])), (np.multiply, (self.d[N], self._step, self.d[N]))]
        bwd += self._compile_derivatives()
        s = 1
        for n in range(N, 0, -1):
            d = self.d[n]
            if self._needs_g[n]:
                bwd.append((np.multiply, (d, self.g[n], d)))
            if n > 1:
                L = dims[n - 1]  # noqa: N806
                bwd.append((partial(_einsum, "sjr,sir->jir", out=self.grad[n][:L]), (self.a[n - 1], d)))
                if self.setup.spec.bias:
                    bwd.append((partial(np.add.reduce, axis=0, out=self.grad[n][L]), (d,)))
                bwd.append((partial(_einsum, "sir,jir->sjr", out=self.d[n - 1]), (d, self.P[n][:L])))
            else:
                bwd.append((np.dot, (self.x_ext.T, d.reshape(m, -1), self.grad[1].reshape(self.x_ext.shape[1], -1))))
            # P holds sign[n]·w and grad holds s·η·k·∂C/∂w: sign[n]·(w − η·k·∂C/∂w) = P − sign[n]·s·grad
            bwd.append((np.subtract if sign[n] * s > 0 else np.add, (self.P[n], self.grad[n], self.P[n])))
            s *= sign[n]  # the product with sign[n]·w carries sign[n] down to δ(n − 1)
        self._backward_ops = bwd

    def _compile_derivatives(self) -> list:
        """Return the calls writing g′ of every layer that needs it, in one pass over layers 1… when possible."""
        N = len(self.P) - 1  # noqa: N806
        self._needs_g = [False] + [(n < N or not self.ce) and self.acts[n - 1].grad_ops is not None
                                   for n in range(1, N + 1)]
        needing = [n for n in range(1, N + 1) if self._needs_g[n]]
        # g′ from a alone (sigmoid, tanh, relu), so the layers 1…K that share an activation are one call
        if needing and needing == list(range(1, len(needing) + 1)) \
                and len({self.acts[n - 1].name for n in needing}) == 1:
            size = sum(self.a[n].size for n in needing)
            a, g = self._a_flat[:size], self._g_flat[:size]
            return self.acts[0].grad_ops(a, a, g)
        return [op for n in needing for op in self.acts[n - 1].grad_ops(self.z[n], self.a[n], self.g[n])]

    def _compile_check(self, m: int, runs: int, targets: Array) -> list:
        """Return the calls that mark in ``_newly`` the runs right on every sample now, and never before.

        Right as the explorer's error rate counts it (``trainer.misclassified``).
        """
        yhat = self.a[len(self.P) - 1]
        if yhat.shape[1] == 1:
            self._pred = np.empty((m, runs), dtype=bool)
            target = targets[:, 0] >= 0.5
            first = (np.greater_equal, (yhat[:, 0, :], HALF, self._pred))
        else:
            self._pred = np.empty((m, runs), dtype=np.intp)
            target = np.argmax(targets, axis=1)
            first = (partial(np.argmax, axis=1, out=self._pred), (yhat,))
        self._target = np.ascontiguousarray(np.broadcast_to(target[:, None], (m, runs)))
        self._wrong = np.empty((m, runs), dtype=bool)
        self._any_wrong, self._newly = np.empty(runs, dtype=bool), np.empty(runs, dtype=bool)
        self._unsolved = np.ones(runs, dtype=bool)
        return [first, (np.not_equal, (self._pred, self._target, self._wrong)),
                (partial(np.logical_or.reduce, axis=0, out=self._any_wrong), (self._wrong,)),
                (np.less, (self._any_wrong, self._unsolved, self._newly))]
