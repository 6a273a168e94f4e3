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
- optionally (the study), a sigmoid layer keeps its weights negated, so
  that its sums come out as −z and σ needs no negation; its g′ is then
  written negated too, (a − 1)·a at the same cost, which makes every
  gradient come out with its layer's sign, so that one subtraction still
  updates all layers.

Where the run axis lies in memory and which products suit it: see ``layout``.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from xorgui.core.model.activations import (
    get_activation,
    negated_sigmoid_grad_ops,
    sigmoid_of_negated_ops,
    softmax_into,
)
from xorgui.core.model.classes import class_dtype, class_ops
from xorgui.core.model.costs import get_cost, reduce_factor
from xorgui.core.model.spec import Spec
from xorgui.core.training.layout import Layout, Ops

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
        Memory array for (R, n_params): each run's ``Network.theta``,
        updated in place by ``backward``.
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
        (see ``layer_signs``).

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
        widths = [dims[n] + (bias if n < N and layout.ones_column else 0) for n in range(1, N + 1)]
        self._a_flat, self._g_flat = np.ones(m * sum(widths) * layout.runs), np.empty(m * sum(widths) * layout.runs)
        self.a_ext: list = [self.x] + layout.carve(self._a_flat, m, widths)[1:]  # a(n) and its column of ones
        self.a: list = [self.x] + [layout.columns(self.a_ext[n], dims[n]) for n in range(1, N + 1)]
        g_ext = layout.carve(self._g_flat, m, widths)
        self.g: list = [None] + [layout.columns(g_ext[n], dims[n]) for n in range(1, N + 1)]
        self.z: list = [None] + [layout.empty(m, dims[n]) for n in range(1, N + 1)]
        self.y, self.e = layout.empty(m, dims[N]), layout.empty(m, dims[N])
        self.step = np.zeros(layout.per_run(3 if step_on_delta else 2) if step_per_run else ())
        self.d: list = [None] * (N + 1)
        self.forward = self._compile_forward()
        self.backward = self._compile_backward(step_on_delta)
        self.ops = self.forward + self.backward

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
        products, ops = self.layout.products(), []
        for n in range(1, self.spec.N + 1):  # z = [a 1] · P, a = g(z)
            ops += products.forward(self.a_ext[n - 1], self.P[n], self.z[n])
            act = self.acts[n]
            if self.sign[n] < 0:  # z[n] holds −z
                ops += sigmoid_of_negated_ops(self.z[n], self.a[n])
            elif act.elementwise:
                ops += act.ops(self.z[n], self.a[n])
            else:  # softmax over the outputs, wherever the layout puts them
                ops.append((partial(softmax_into, axis=self.layout.unit_axis), (self.z[n], self.a[n])))
        return ops + [(np.subtract, (self.a[-1], self.y, self.e))]

    def _compile_backward(self, step_on_delta: bool) -> Ops:
        spec, layout, products, N = self.spec, self.layout, self.layout.products(), self.spec.N  # noqa: N806
        ce = get_cost(spec.cost).is_cross_entropy  # its output delta is ŷ − y, without g′
        needs_g = [False] + [(n < N or not ce) and self.acts[n].grad_ops is not None for n in range(1, N + 1)]
        # d[n] must carry sign[n]: g′ written negated does it for a hidden layer (the product with sign[n + 1]·w
        # cancels the sign of the layer above), a negated step for an output without g′
        self._negated_step = self.sign[N] < 0 and not needs_g[N]
        ops, d = self._compile_derivatives(needs_g), self.e
        if step_on_delta:
            scaled = layout.empty(self.m, spec.dims[N])
            ops.append((np.multiply, (d, self.step, scaled)))
            d = scaled
        for n in range(N, 0, -1):  # δ(n), then Σ_samples [a 1]ᵀ δ(n), then δ(n) · W(n) for the layer below
            if needs_g[n]:
                out = layout.empty(self.m, spec.dims[N]) if d is self.e else d  # e stays: the callers read it
                ops.append((np.multiply, (d, self.g[n], out)))
                d = out
            self.d[n] = d
            ops += products.gradient(self.a_ext[n - 1], d, self.G_blocks[n])
            if n > 1:
                d = layout.empty(self.m, spec.dims[n - 1])
                ops += products.backward(self.d[n], layout.weight_rows(self.P[n], spec.dims[n - 1]), d)
        if not step_on_delta:
            ops.append((np.multiply, (self.G, self.step, self.G)))
        return ops + [(np.subtract, (self.theta, self.G, self.theta))]  # every update computed before any is applied

    def _compile_derivatives(self, needs_g: list) -> Ops:
        """Return the calls writing sign[n]·g′ of every layer that needs it, in one pass over layers 1… if possible."""
        needing = [n for n in range(1, self.spec.N + 1) if needs_g[n]]
        kinds = {(self.acts[n].name, self.sign[n]) for n in needing}
        if needing and needing == list(range(1, len(needing) + 1)) and len(kinds) == 1:
            size = sum(self.a_ext[n].size for n in needing)  # g′ comes from a alone: the ones' g′ is never read
            return self._derivative(1, self._a_flat[:size], self._g_flat[:size])
        return [op for n in needing for op in self._derivative(n, self.a[n], self.g[n])]

    def _derivative(self, n: int, a: Array, g: Array) -> Ops:
        if self.sign[n] < 0:
            return negated_sigmoid_grad_ops(a, g)
        return self.acts[n].grad_ops(self.z[n], a, g)

    def compile_check(self) -> Ops:
        """Return the calls writing, from the forward pass, which runs classify some sample wrong.

        The caller fills ``target`` (each sample's class, as
        ``classes`` gives it); ``any_wrong`` (R,) receives the answer.
        """
        layout, n_out = self.layout, self.spec.dims[-1]
        self.pred: Array = np.empty(layout.shape(self.m), dtype=class_dtype(n_out))
        self.target = np.empty_like(self.pred)
        self.wrong, self.any_wrong = np.empty(self.pred.shape, dtype=bool), np.empty(layout.runs, dtype=bool)
        return class_ops(self.a[-1], self.pred, layout.unit_axis) + [
                (np.not_equal, (self.pred, self.target, self.wrong)),
                (partial(np.logical_or.reduce, axis=layout.sample_axis, out=self.any_wrong), (self.wrong,))]


def layer_signs(spec: Spec, negate_sigmoid: bool) -> list:
    """Return ``sign[n]`` for layers 0 … N: −1 for a sigmoid layer whose parameters a program keeps negated."""
    return [1] + [-1 if negate_sigmoid and name == "sigmoid" else 1 for name in spec.activations]
