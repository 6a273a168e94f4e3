"""One update of many runs on the same m samples: preallocated arrays and a flat list of NumPy calls.

Every array has the run index r last, so each NumPy call works on long
contiguous rows whatever the network's size; the first layer's sums for all
runs are one matrix product (the inputs are the same for every run). At
this size each call on a few thousand values costs 1–7 µs, so three things
save calls:

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

from xorgui.core.model.activations import sigmoid_of_negated_ops
from xorgui.core.model.spec import Spec

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


class StudyProgram:
    """The buffers and calls of one update of every run on the same m samples.

    The caller fills ``x_ext`` (inputs, then a column of ones if the network
    has biases) or, with ``inputs_per_run``, ``x`` (each run's inputs), ``Y``
    (targets, per run) and ``target`` (each sample's class, per run), and
    sets ``step`` (η·k: one number, or one per run). ``forward``
    writes z (as sign[n]·z) and a; ``check`` writes into ``any_wrong`` which
    runs classify some sample wrong, as the explorer's error rate counts it;
    ``backward`` updates the shared weights ``P``.
    """

    def __init__(self, spec: Spec, acts: list, sign: list, P: list, grad: list, m: int, runs: int,  # noqa: N803
                 cross_entropy: bool, step_per_run: bool = False, inputs_per_run: bool = False) -> None:
        dims, N = spec.dims, spec.N  # noqa: N806
        self.m, self.x_ext = m, np.ones((m, dims[0] + int(spec.bias)))
        # inputs of each run (m, L(0), R), for data sets drawn from the run's seed; else x_ext serves all
        self.x = np.empty((m, dims[0], runs)) if inputs_per_run else None
        shapes = [(m, dims[n], runs) for n in range(1, N + 1)]
        size = sum(int(np.prod(s)) for s in shapes)
        self._a_flat, self._g_flat = np.empty(size), np.empty(size)
        self.a, self.g = _views(self._a_flat, shapes), _views(self._g_flat, shapes)
        self.z, self.d = ([None] + [np.empty(s) for s in shapes] for _ in range(2))
        self.a[0] = self.x
        # one step for all runs where it can: broadcasting one per run costs a little on every δ
        self.Y, self.step = np.empty((m, dims[-1], runs)), np.zeros(runs if step_per_run else ())
        self.spec, self.acts, self.sign, self.P, self.grad, self.ce = spec, acts, sign, P, grad, cross_entropy
        self.forward = self._compile_forward()
        self.check = self._compile_check(m, runs)
        self.backward = self._compile_backward()

    def _compile_forward(self) -> list:
        m, dims, ops = self.m, self.spec.dims, []
        for n in range(1, self.spec.N + 1):
            z, a = self.z[n], self.a[n]  # z holds sign[n]·z
            if n == 1 and self.x is None:  # the inputs are shared: one matrix product for all runs
                ops.append((np.dot, (self.x_ext, self.P[1].reshape(self.x_ext.shape[1], -1), z.reshape(m, -1))))
            else:
                ops.append((partial(_einsum, "sjr,jir->sir", out=z), (self.a[n - 1], self.P[n][: dims[n - 1]])))
                if self.spec.bias:
                    ops.append((np.add, (z, self.P[n][dims[n - 1]], z)))
            if self.sign[n] < 0:
                ops += sigmoid_of_negated_ops(z, a)
            elif self.acts[n - 1].elementwise:
                ops += self.acts[n - 1].ops(z, a)
            else:
                ops.append((_softmax_classes, (z, a)))
        return ops

    def _compile_check(self, m: int, runs: int) -> list:
        yhat = self.a[self.spec.N]
        one = yhat.shape[1] == 1
        self.pred = np.empty((m, runs), dtype=bool if one else np.intp)
        self.target = np.empty((m, runs), dtype=self.pred.dtype)
        self.wrong, self.any_wrong = np.empty((m, runs), dtype=bool), np.empty(runs, dtype=bool)
        first = ((np.greater_equal, (yhat[:, 0, :], HALF, self.pred)) if one
                 else (partial(np.argmax, axis=1, out=self.pred), (yhat,)))
        return [first, (np.not_equal, (self.pred, self.target, self.wrong)),
                (partial(np.logical_or.reduce, axis=0, out=self.any_wrong), (self.wrong,))]

    def _compile_backward(self) -> list:
        m, N, dims, sign = self.m, self.spec.N, self.spec.dims, self.sign  # noqa: N806
        # every δ carries the step η·k, and d[n] holds s·η·k·δ(n) with the sign s tracked here
        ops: list = [(np.subtract, (self.a[N], self.Y, self.d[N])), (np.multiply, (self.d[N], self.step, self.d[N]))]
        ops += self._compile_derivatives()
        s = 1
        for n in range(N, 0, -1):
            d = self.d[n]
            if self.needs_g[n]:
                ops.append((np.multiply, (d, self.g[n], d)))
            if n > 1 or self.x is not None:
                L = dims[n - 1]  # noqa: N806
                ops.append((partial(_einsum, "sjr,sir->jir", out=self.grad[n][:L]), (self.a[n - 1], d)))
                if self.spec.bias:
                    ops.append((partial(np.add.reduce, axis=0, out=self.grad[n][L]), (d,)))
                if n > 1:
                    ops.append((partial(_einsum, "sir,jir->sjr", out=self.d[n - 1]), (d, self.P[n][:L])))
            else:
                ops.append((np.dot, (self.x_ext.T, d.reshape(m, -1), self.grad[1].reshape(self.x_ext.shape[1], -1))))
            # P holds sign[n]·w and grad holds s·η·k·∂C/∂w: sign[n]·(w − η·k·∂C/∂w) = P − sign[n]·s·grad
            ops.append((np.subtract if sign[n] * s > 0 else np.add, (self.P[n], self.grad[n], self.P[n])))
            s *= sign[n]  # the product with sign[n]·w carries sign[n] down to δ(n − 1)
        return ops

    def _compile_derivatives(self) -> list:
        """Return the calls writing g′ of every layer that needs it, in one pass over layers 1… when possible."""
        N = self.spec.N  # noqa: N806
        self.needs_g = [False] + [(n < N or not self.ce) and self.acts[n - 1].grad_ops is not None
                                  for n in range(1, N + 1)]
        needing = [n for n in range(1, N + 1) if self.needs_g[n]]
        # g′ from a alone (sigmoid, tanh, relu), so the layers 1…K that share an activation are one call
        if needing and needing == list(range(1, len(needing) + 1)) \
                and len({self.acts[n - 1].name for n in needing}) == 1:
            size = sum(self.a[n].size for n in needing)
            a, g = self._a_flat[:size], self._g_flat[:size]
            return self.acts[0].grad_ops(a, a, g)
        return [op for n in needing for op in self.acts[n - 1].grad_ops(self.z[n], self.a[n], self.g[n])]
