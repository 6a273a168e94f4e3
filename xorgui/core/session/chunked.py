"""The forward and backward pass of a big data set, a slice of samples at a time, for a snapshot over its budget.

The whole-batch pass of 10 000 samples on dims [2, 500, 196, 1] holds
z, a, g'(z) and δ of every sample at once: about 280 MB on top of the
trainer's own. A snapshot over ``persample.SAMPLE_BUDGET`` keeps only
reductions over the samples (the batch gradients, the means, the sums the
diagnostics decide on), ŷ of every sample and the first samples' values,
so the pass can go a slice at a time and hold one slice's values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xorgui.core.explanation.diagnostics import MAX_SLOPE
from xorgui.core.model.costs import reduce_factor
from xorgui.core.model.network import Backward, Forward, Network

Array = np.ndarray

SLICE_VALUES = 2**20  # numbers per layer-sum of one slice (a slice's arrays: a few times 8 MB)


@dataclass
class Pass:
    """What a snapshot over its budget keeps of a pass over all samples.

    Attributes
    ----------
    held : Forward, Backward
        z, a and δ of the first ``rows`` samples in the hidden layers, of
        every sample in the input and output layers; the Backward's
        ∂C/∂W and ∂C/∂b are those of the batch cost over all samples.
    z_mean, a_mean : list
        Per layer, the mean of z(n) and a(n) over all samples.
    deciding : Forward
        For the diagnostics (``diagnostics.diagnose_sums``, ``verdict``): per
        hidden layer the one row of sums that decides them (the least |z|
        of a sigmoid or tanh neuron, the largest z of a ReLU), the output
        layer whole.
    """

    held: tuple[Forward, Backward]
    z_mean: list
    a_mean: list
    deciding: Forward


def sliced_pass(net: Network, X: Array, Y: Array, rows: int) -> Pass:  # noqa: N803
    """Run forward and backward over ``X``, ``Y`` a slice of samples at a time; keep ``rows`` samples' values."""
    spec, m, N = net.spec, len(X), net.spec.N  # noqa: N806
    step = max(1, SLICE_VALUES // max(spec.dims))
    acc = _Sums(net, rows)
    with np.errstate(all="ignore"):  # a diverged network's values read NaN or ∞, as they should
        for start in range(0, m, step):
            fwd = net.forward(X[start:start + step])
            acc.add(start, fwd, net.backward(fwd, Y[start:start + step]))
        k = reduce_factor(spec.reduction, m)
        dW = [None] + [k * s for s in acc.dW[1:]]  # noqa: N806
        db = [None] + [k * s for s in acc.db[1:]] if acc.db is not None else None
        out = [np.concatenate(parts) for parts in acc.out]
        held_z = [None] + [np.concatenate(acc.z[n]) for n in range(1, N)] + [out[0]]
        held_a = [X] + [np.concatenate(acc.a[n]) for n in range(1, N)] + [out[1]]
        held_d = [None] + [np.concatenate(acc.d[n]) for n in range(1, N)] + [out[2]]
        deciding = Forward([None] + acc.decide[1:N] + [out[0]], [X] + [None] * (N - 1) + [out[1]])
        return Pass((Forward(held_z, held_a), Backward(held_d, dW, db)),
                    [None] + [s / m for s in acc.z_sum[1:]], [s / m for s in acc.a_sum], deciding)


class _Sums:
    """The running sums and rows of ``sliced_pass``."""

    def __init__(self, net: Network, rows: int) -> None:
        self.net, self.rows, N = net, rows, net.spec.N  # noqa: N806
        self.dW = [None] + [np.zeros_like(W) for W in net.W[1:]]  # noqa: N806
        self.db = [None] + [np.zeros_like(b) for b in net.b[1:]] if net.b is not None else None
        self.z_sum: list = [None] + [np.zeros(L) for L in net.spec.dims[1:]]
        self.a_sum = [np.zeros(L) for L in net.spec.dims]
        self.z: list = [[] for _ in range(N)]
        self.a: list = [[] for _ in range(N)]
        self.d: list = [[] for _ in range(N)]
        self.out: list = [[], [], []]
        self.decide: list = [None] * (N + 1)

    def add(self, start: int, fwd: Forward, bwd: Backward) -> None:
        """Add one slice (its first sample is ``start``) to the sums and rows."""
        N, m = self.net.spec.N, len(fwd.a[0])  # noqa: N806
        per_sample = 1 / reduce_factor(self.net.spec.reduction, m)  # backward reduced the slice: undo it
        for n in range(1, N + 1):
            self.dW[n] += per_sample * bwd.dC_dW[n]
            if self.db is not None and bwd.dC_db is not None:
                self.db[n] += per_sample * bwd.dC_db[n]
            self.z_sum[n] += fwd.z[n].sum(axis=0)
        for n in range(N + 1):
            self.a_sum[n] += fwd.a[n].sum(axis=0)
        for arrays, parts in zip((fwd.z[N], fwd.a[N], bwd.delta[N]), self.out):
            parts.append(arrays)
        keep = max(0, min(m, self.rows - start))
        for n in range(1, N):  # copies: a view, even of no rows, would keep the slice's whole array alive
            self.z[n].append(fwd.z[n][:keep].copy())
            self.a[n].append(fwd.a[n][:keep].copy())
            self.d[n].append(bwd.delta[n][:keep].copy())
            self.decide[n] = _deciding(self.net.spec.activations[n - 1], fwd.z[n], self.decide[n])


def _deciding(name: str, z: Array, before: Array | None) -> Array:
    """Return the one row of sums on which the diagnostics of a layer of activation ``name`` decide.

    g'(z) of sigmoid and tanh falls with |z|: it is under a threshold on
    every sample when it is at the least |z|. A ReLU is 0 on every sample
    when its largest z is ≤ 0. NaN stays NaN (np.minimum, np.maximum and
    np.min, np.max all carry it), as the diagnostics on every sum would see.
    Other activations are never flagged: no row.
    """
    if name in MAX_SLOPE:
        row = np.min(np.abs(z), axis=0, keepdims=True)
        return row if before is None else np.minimum(before, row)
    if name == "relu":
        row = np.max(z, axis=0, keepdims=True)
        return row if before is None else np.maximum(before, row)
    return np.empty((0, z.shape[1]))
