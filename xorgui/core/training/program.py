"""Backprop compiled: one update of R networks of one spec on the same m samples.

The explorer's trainer runs it with R = 1, the convergence study with R =
the runs of a block; ``Network.backward`` stays the readable reference it
is checked against. Each NumPy call costs 0.25–7 µs at these sizes, more
than its arithmetic, so the program is compiled once per batch size into
a flat list of ``(callable, args)`` calls that all write into
preallocated buffers:

- the biases are folded into the weight blocks ``P[n]`` (``Network.P``)
  with a column of ones after each layer's activations, so each layer is
  one product forward and one for its gradient;
- the activations of all layers lie in one buffer, so that g′ of every
  layer is one pass when they share the activation;
- the step η·k (k folds the cost's constant and the reduction) multiplies
  either the gradient, once for all layers (the trainer's order, kept so
  that its results do not change by a bit), or δ(N), which is smaller
  when many runs of wide layers are trained;
- optionally (the study), a sigmoid layer keeps its parameters negated
  (see ``signs``).

Where the run axis lies in memory and which products suit it: see ``layout``.
"""

from __future__ import annotations

from functools import partial

import numpy as np
from numpy.lib.array_utils import byte_bounds

from xorgui.core.model.activations import (
    ONE,
    get_activation,
    negated_sigmoid_grad_ops,
    sigmoid_of_negated_ops,
    softmax_into,
)
from xorgui.core.model.classes import class_dtype, class_ops
from xorgui.core.model.costs import get_cost, reduce_factor
from xorgui.core.model.spec import Spec
from xorgui.core.training.layout import Layout
from xorgui.core.training.products import Ops
from xorgui.core.training.signs import layer_signs

Array = np.ndarray


class Program:
    """The buffers and calls of one gradient step of R networks on m samples.

    Parameters
    ----------
    spec : Spec
        The networks' architecture and cost.
    layout : Layout
        R and where the runs lie in memory.
    theta : ndarray
        Memory array of ``layout.params_shape(spec)``: each run's
        ``Network.theta`` (``Layout.params_from_runs_first``), updated in
        place by ``backward``.
    G : ndarray
        Memory array like ``theta``; receives η·∂C/∂θ of the batch cost.
    m : int
        Samples per update.
    shared_inputs : bool
        Every run sees the same inputs: ``x`` is (m, L(0) [+ 1]) without a
        run axis (R > 1 only).
    step_on_delta : bool
        Multiply δ(N) by the step rather than the gradient.
    step_per_run : bool
        One step per run (each run's η) rather than one for all.
    negate_sigmoid : bool
        ``theta`` holds the weights and biases of sigmoid layers negated
        (see ``signs``).

    Attributes
    ----------
    x, y : ndarray
        Inputs, followed by a column of ones when the networks have
        biases, and targets, as memory arrays; the caller fills them.
    z, a : list
        ``z[n]``, ``a[n]``: the sums (times ``sign[n]``) and activations of
        layer n (memory arrays; ``a[0]`` is ``x``).
    e : ndarray
        ŷ − y per run, sample and output.
    d : list
        ``d[n]``: δ(n) = ∂C/∂z(n) of each sample's cost without the
        cost's constant k, times the step when ``step_on_delta``, and
        times ``sign[n]``.
    sign : list
        ``sign[n]``: −1 where layer n's parameters are kept negated, else 1.
    forward, backward : list
        The calls of the forward pass (ending with e) and of the backward
        pass with the update; ``ops`` is both.
    """

    def __init__(self, spec: Spec, layout: Layout, theta: Array, G: Array, m: int, *,  # noqa: N803
                 shared_inputs: bool = False, step_on_delta: bool = False, step_per_run: bool = False,
                 negate_sigmoid: bool = False) -> None:
        dims, N, bias = spec.dims, spec.N, int(spec.bias)  # noqa: N806
        self.spec, self.layout, self.m, self.theta, self.G = spec, layout, m, theta, G
        self.P, self.G_blocks = layout.blocks(spec, theta), layout.blocks(spec, G)
        self.acts: list = [None] + [get_activation(name) for name in spec.activations]
        self.sign = layer_signs(spec, negate_sigmoid)
        self.x = np.ones((m, dims[0] + bias) if shared_inputs else layout.shape(m, dims[0] + bias))
        widths = [0] + [dims[n] + (bias if n < N else 0) for n in range(1, N + 1)]  # a hidden layer's ones too
        self._a_flat, self._g_flat = np.ones(m * sum(widths) * layout.runs), np.empty(m * sum(widths) * layout.runs)
        self._a_mem: list = [None] + self._carve(self._a_flat, widths)  # memory arrays, as Layout.layer_shape lays them
        self._g_mem: list = [None] + self._carve(self._g_flat, widths)
        self.a_ext: list = [self.x] + [layout.view(n, self._a_mem[n]) for n in range(1, N + 1)]  # a(n) and its ones
        self.a: list = [self.x] + [layout.columns(self.a_ext[n], dims[n]) for n in range(1, N + 1)]
        self.g: list = [None] + [layout.columns(layout.view(n, self._g_mem[n]), dims[n]) for n in range(1, N + 1)]
        self.y, self.e = self._empty(N, dims[N]), self._empty(N, dims[N])
        self.z: list = [None]
        self.d: list = [None]
        self._whole: list = [None]  # per layer, the (z, a, g, δ) arrays that elementwise calls run over
        for n in range(1, N + 1):
            self._add_layer(n, widths[n])
        self.step = np.zeros(layout.per_run(3 if step_on_delta else 2) if step_per_run else ())
        if layout.first_by_sample:
            self._first_block_constants(step_on_delta or not step_per_run)
        self.forward = self._compile_forward()
        self.backward = self._compile_backward(step_on_delta)
        self.ops = self.forward + self.backward

    def _add_layer(self, n: int, width: int) -> None:
        """Add layer n's sums z and deltas δ, and the arrays its elementwise calls run over.

        With many runs a hidden layer's calls run over whole buffers: its
        sums have one more column, constant, whose activation is the column
        of ones (see ``Activation.one_at``) and whose δ stays 0, so that no
        call works on a strided view, 2–7× slower. With one run the
        products (``np.dot``) need contiguous outputs, and calls are few.
        """
        layout, L = self.layout, self.spec.dims[n]  # noqa: N806
        if layout.constant_column and width > L:
            z, d = np.empty(layout.layer_shape(n, self.m, width)), np.zeros(layout.layer_shape(n, self.m, width))
            layout.column(layout.view(n, z), L)[...] = self.sign[n] * self.acts[n].one_at
            self.z.append(layout.columns(layout.view(n, z), L))
            self.d.append(layout.columns(layout.view(n, d), L))
            self._whole.append((z, self._a_mem[n], self._g_mem[n], d))
        else:
            self.z.append(self._empty(n, L))
            self.d.append(self._empty(n, L) if n < self.spec.N else None)  # δ(N): see _compile_backward
            self._whole.append((self.z[n], self.a[n], self.g[n], self.d[n]))

    def _first_block_constants(self, step_fits: bool) -> None:
        """Set the last column of each run's layer-1 block: the constant sums of layer 1's constant column."""
        if not step_fits:
            raise ValueError("with layer 1's block ahead of the others, one step per run multiplies δ(N), not G")
        block = self.layout.first_block(self.spec, self.theta).reshape(self.spec.dims[0] + 1, self.layout.runs, -1)
        block[:, :, -1] = 0.0
        block[-1, :, -1] = self.sign[1] * self.acts[1].one_at  # times the inputs' column of ones

    def _empty(self, n: int, width: int) -> Array:
        """Return a new array for per-sample values of layer n, (R, m, ``width``) with runs first."""
        return self.layout.view(n, np.empty(self.layout.layer_shape(n, self.m, width)))

    def _carve(self, flat: Array, widths: list) -> list:
        """Return the memory arrays of layers 1 … N in ``flat``, the output layer first when runs lie last.

        Runs last, a layer's row of ones follows its activations: with the
        layers in reverse order, one pass of g′ over layers N … 1 skips
        the last row of ones (a quarter of [2, 2, 1]'s buffer).
        """
        layout, m = self.layout, self.m
        if layout.runs_last:
            return layout.carve(flat, m, widths[:0:-1])[:0:-1]
        views, start = [], 0
        for n in range(1, self.spec.N + 1):
            shape = layout.layer_shape(n, m, widths[n])
            views.append(flat[start:start + int(np.prod(shape))].reshape(shape))
            start += views[-1].size
        return views

    def set_step(self, eta: float | Array) -> None:
        """Set the step η·k for the learning rate η (one, or one per run): k = the cost's constant × the reduction."""
        cost = get_cost(self.spec.cost)
        step = eta * cost.scale(self.spec.dims[-1]) * reduce_factor(self.spec.reduction, self.m)
        step = -step if self._negated_step else step
        self.step[...] = np.reshape(step, self.step.shape) if self.step.ndim else step

    def run(self) -> None:
        """Run one update (callers hold ``np.errstate(over="ignore", invalid="ignore")``)."""
        for f, args in self.ops:
            f(*args)

    def _compile_forward(self) -> Ops:
        ops: Ops = []
        for n in range(1, self.spec.N + 1):  # z = [a 1] · P, a = g(z)
            ops += self._forward_product(n)
            act, (z, a, _, _) = self.acts[n], self._whole[n]
            if self.sign[n] < 0:  # z[n] holds −z
                ops += self._vectorised(sigmoid_of_negated_ops(z, a))
            elif act.elementwise:
                ops += self._vectorised(act.ops(z, a))
            else:  # softmax over the outputs, wherever the layout puts them
                ops.append((partial(softmax_into, axis=self.layout.unit_axis), (self.z[n], self.a[n])))
        return ops + [(np.subtract, (self.a[-1], self.y, self.e))]

    def _forward_product(self, n: int) -> Ops:
        """Return the calls writing layer n's sums: with ``first_by_sample``, one product for layer 1 of all runs."""
        if n == 1 and self.layout.first_by_sample:  # their constant column too
            sums = self._whole[1][0].reshape(self.m, -1)
            return [(np.matmul, (self.x, self.layout.first_block(self.spec, self.theta), sums))]
        return self.layout.products().forward(self.a_ext[n - 1], self.P[n], self.z[n])

    def _gradient_product(self, n: int) -> Ops:
        """Return the calls writing layer n's gradient: with ``first_by_sample``, one product for layer 1."""
        if n == 1 and self.layout.first_by_sample:  # the constant column's δ is 0, and so is its gradient
            deltas = self._whole[1][3].reshape(self.m, -1)
            return [(np.matmul, (self.x.T, deltas, self.layout.first_block(self.spec, self.G)))]
        return self.layout.products().gradient(self.a_ext[n - 1], self.d[n], self.G_blocks[n])

    def _vectorised(self, ops: Ops) -> Ops:
        """Return ``ops`` with each ``np.reciprocal`` made ``np.divide`` of 1 when there are many runs.

        The same IEEE quotient, but NumPy's reciprocal runs one element at
        a time: 5.8 µs for 8 000 values, 3.2 µs for divide; for the few
        values of one run reciprocal's call is the cheaper (0.28 µs
        against 0.32 µs).
        """
        if self.layout.runs == 1:
            return ops
        return [(np.divide, (ONE, *args)) if f is np.reciprocal else (f, args) for f, args in ops]

    def _compile_backward(self, step_on_delta: bool) -> Ops:
        spec, layout, products, N = self.spec, self.layout, self.layout.products(), self.spec.N  # noqa: N806
        ce = get_cost(spec.cost).is_cross_entropy  # its output delta is ŷ − y, without g′
        needs_g = [False] + [(n < N or not ce) and self.acts[n].grad_ops is not None for n in range(1, N + 1)]
        # d[n] must carry sign[n]: g′ written negated does it for a hidden layer (the product with sign[n + 1]·w
        # cancels the sign of the layer above), a negated step for an output without g′
        self._negated_step = self.sign[N] < 0 and not needs_g[N]
        ops, d = self._compile_derivatives(needs_g), self.e
        if step_on_delta:
            scaled = self._empty(N, spec.dims[N])
            ops.append((np.multiply, (d, self.step, scaled)))
            d = scaled
        if needs_g[N]:
            out = self._empty(N, spec.dims[N]) if d is self.e else d  # e stays: the callers read it
            ops.append((np.multiply, (d, self.g[N], out)))
            d = out
        self.d[N] = d
        for n in range(N, 0, -1):  # δ(n), then Σ_samples [a 1]ᵀ δ(n), then δ(n) · W(n) for the layer below
            if n < N and needs_g[n]:
                _, _, g, d = self._whole[n]
                ops.append((np.multiply, (d, g, d)))
            ops += self._gradient_product(n)
            if n > 1:
                ops += products.backward(self.d[n], layout.weight_rows(self.P[n], spec.dims[n - 1]), self.d[n - 1])
        if not step_on_delta:
            ops.append((np.multiply, (self.G, self.step, self.G)))
        return ops + [(np.subtract, (self.theta, self.G, self.theta))]  # every update computed before any is applied

    def _compile_derivatives(self, needs_g: list) -> Ops:
        """Return the calls writing sign[n]·g′ of every layer that needs it, in one pass over layers 1… if possible."""
        needing = [n for n in range(1, self.spec.N + 1) if needs_g[n]]
        kinds = {(self.acts[n].name, self.sign[n]) for n in needing}
        if needing and needing == list(range(1, len(needing) + 1)) and len(kinds) == 1:
            # the part of the buffer layers 1 … k's activations take; g′ comes from a alone (the ones' is never read)
            bounds = np.array([byte_bounds(self.a[n]) for n in needing]) - byte_bounds(self._a_flat)[0]
            span = slice(bounds.min() // self._a_flat.itemsize, bounds.max() // self._a_flat.itemsize)
            return self._derivative(1, self._a_flat[span], self._g_flat[span])
        return [op for n in needing for op in self._derivative(n, self.a[n], self.g[n])]

    def _derivative(self, n: int, a: Array, g: Array) -> Ops:
        if self.sign[n] < 0:
            return negated_sigmoid_grad_ops(a, g)
        return self.acts[n].grad_ops(self.z[n], a, g)

    def compile_check(self) -> Ops:
        """Return the calls writing, from the forward pass, which runs classify every sample right.

        The caller fills ``target`` (each sample's class, as
        ``classes`` gives it); ``all_right`` (R,) receives the answer.
        With runs first and m ≤ 8 samples, a run's m flags are read at
        once as one integer.
        """
        layout, m = self.layout, self.m
        self.pred: Array = np.empty(layout.shape(m), dtype=class_dtype(self.spec.dims[-1]))
        self.target = np.empty_like(self.pred)
        self.flags, self.all_right = np.empty(self.pred.shape, dtype=bool), np.empty(layout.runs, dtype=bool)
        ops = self.classes_into(self.pred)
        if not layout.runs_last and m in (1, 2, 4, 8):  # a run's "wrong" flags are contiguous: one integer, 0 if right
            wrong = self.flags.view(f"u{m}")
            return ops + [(np.not_equal, (self.pred, self.target, self.flags)),
                          (np.equal, (wrong, np.array(0, wrong.dtype), self.all_right[:, None]))]
        return ops + [(np.equal, (self.pred, self.target, self.flags)),
                      (partial(np.logical_and.reduce, axis=layout.sample_axis, out=self.all_right), (self.flags,))]

    def classes_into(self, pred: Array) -> Ops:
        """Return the calls writing each sample's class (as ``classes`` gives it) from the forward pass into ``pred``.

        ``pred`` is a memory array for (R, m). Two outputs are told apart
        by comparisons rather than ``argmax`` (2–3× faster at 1 000 runs),
        with ``argmax``'s answer even for NaN (the first NaN wins).
        """
        if self.spec.dims[-1] != 2:
            return class_ops(self.a[-1], pred, self.layout.unit_axis)
        a0, a1 = self.layout.column(self.a[-1], 0), self.layout.column(self.a[-1], 1)
        if not hasattr(self, "_not_above"):
            self._not_above, self._is_number = np.empty(pred.shape, dtype=bool), np.empty(pred.shape, dtype=bool)
        not_above, is_number = self._not_above, self._is_number  # argmax is 1 where a₀ is a number and a₁ ≤ a₀ is false
        return [(np.less_equal, (a1, a0, not_above)), (np.equal, (a0, a0, is_number)),
                (np.greater, (is_number, not_above, pred))]
