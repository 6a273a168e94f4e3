"""Where the run axis of an update program lies in memory, and the matrix products that suit it.

An update program trains R networks of one spec at once (R = 1 for the
explorer's trainer). Its arrays are runs-first, shape (R, …), but where
the run axis lies in memory is chosen for speed; at these sizes a NumPy
call costs more than its arithmetic, so the choice is about calls
(measured on two cores, NumPy 2.4):

- one run: ``np.dot`` on the 2-D arrays, 0.45 µs a call against 0.95 µs
  for ``np.matmul``;
- many runs of narrow layers (a few neurons): runs last in memory and
  ``np.einsum``, whose loops run over the runs: a [2, 2, 1] layer of
  1 000 runs in 5–12 µs, where one BLAS product per run takes 30–45 µs;
- many runs of wider layers: runs first in memory and ``np.matmul``, one
  BLAS product per run: a 16 × 16 layer of 200 runs in 17 µs, 4.7× faster
  than the einsum.

Elementwise calls do not care where the runs are, so programs apply them
to the arrays as they lie in memory ("memory arrays"), which keeps NumPy on
its contiguous fast path; ``runs_first`` gives the (R, …) view of one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np

from xorgui.core.model.spec import Spec

Array = np.ndarray
Ops = list  # [(callable, args tuple), …]
NARROW = 12  # a layer whose weight block (L(n-1) + 1) × L(n) is at most this is narrow


@dataclass(frozen=True)
class Layout:
    """The memory order of a program's arrays.

    Attributes
    ----------
    runs : int
        R, the number of networks trained at once.
    runs_last : bool
        The run axis is the last in memory (narrow networks); otherwise the
        first.
    """

    runs: int
    runs_last: bool = False

    @classmethod
    def choose(cls, spec: Spec, runs: int) -> Layout:
        """Return the faster layout for ``runs`` networks of ``spec`` (see the module's notes)."""
        dims = spec.dims
        narrow = all((dims[n - 1] + 1) * dims[n] <= NARROW for n in range(2, len(dims)))
        return cls(runs, runs > 1 and narrow)

    @property
    def ones_column(self) -> bool:
        """Hidden activations carry a column of ones for the bias (all but the einsum products)."""
        return not self.runs_last

    @property
    def sample_axis(self) -> int:
        """The samples' axis in a memory array of per-sample values, (m, L, R) or (R, m, L)."""
        return 0 if self.runs_last else 1

    @property
    def unit_axis(self) -> int:
        """The neurons' axis in a memory array of per-sample values."""
        return -2 if self.runs_last else -1

    def shape(self, *shape: int) -> tuple[int, ...]:
        """Return the memory shape of a runs-first array of shape (R, *shape)."""
        return (*shape, self.runs) if self.runs_last else (self.runs, *shape)

    def empty(self, *shape: int) -> Array:
        """Return a new memory array for runs-first shape (R, *shape)."""
        return np.empty(self.shape(*shape))

    def runs_first(self, mem: Array) -> Array:
        """Return the runs-first view (R, …) of a memory array."""
        return np.moveaxis(mem, -1, 0) if self.runs_last else mem

    def from_runs_first(self, values: Array) -> Array:
        """Return a new memory array holding ``values``, given runs-first."""
        values = np.asarray(values, dtype=float)
        mem = self.empty(*values.shape[1:])
        self.runs_first(mem)[...] = values
        return mem

    def columns(self, mem: Array, stop: int) -> Array:
        """Return the view of the first ``stop`` neurons (columns) of a memory array of per-sample values."""
        return mem[..., :stop, :] if self.runs_last else mem[..., :stop]

    def samples(self, mem: Array, start: int, stop: int) -> Array:
        """Return the view of samples ``start`` … ``stop − 1`` of a memory array of per-sample values."""
        return mem[start:stop] if self.runs_last else mem[:, start:stop]

    def weight_rows(self, P: Array, stop: int) -> Array:  # noqa: N803
        """Return the view of the first ``stop`` rows (the weights, not the bias) of a parameter block."""
        return P[:stop] if self.runs_last else P[:, :stop]

    def carve(self, flat: Array, m: int, widths: list) -> list:
        """Return consecutive memory arrays for (R, m, w) of each width w in ``flat`` (index 0 is None)."""
        views: list = [None]
        start = 0
        for w in widths:
            size = m * w * self.runs
            views.append(flat[start:start + size].reshape(self.shape(m, w)))
            start += size
        return views

    def per_run(self, ndim: int) -> tuple[int, ...]:
        """Return the shape of one value per run that broadcasts over memory arrays of ``ndim`` axes."""
        return (self.runs,) if self.runs_last else (self.runs,) + (1,) * (ndim - 1)

    def blocks(self, spec: Spec, theta: Array) -> list:
        """Return views ``P[n]`` of memory shape for (R, L(n-1) + bias, L(n)) into parameters ``theta``.

        ``theta`` is a memory array for (R, n_params) holding each run's
        ``Network.theta``; index 0 is None.
        """
        views: list = [None]
        start = 0
        for n in range(1, spec.N + 1):
            rows, cols = spec.dims[n - 1] + spec.bias, spec.dims[n]
            part = theta[start:start + rows * cols] if self.runs_last else theta[:, start:start + rows * cols]
            views.append(part.reshape(self.shape(rows, cols)))
            start += rows * cols
        return views

    def products(self) -> Products:
        """Return the matrix products for this layout."""
        if self.runs == 1:
            return DotProducts()
        return EinsumProducts() if self.runs_last else MatmulProducts()


class Products:
    """The three matrix products of an update, as calls on memory arrays.

    ``a`` is (R, m, L(n-1) [+ 1]) or, for inputs shared by every run,
    (m, L(0) [+ 1]) without a run axis; ``P`` (R, L(n-1) [+ 1], L(n)); ``d``
    (R, m, L(n)); ``W`` the weight rows of ``P``, (R, L(n-1), L(n)).
    """

    def forward(self, a: Array, P: Array, z: Array) -> Ops:  # noqa: N803
        """Return the calls writing z = a · P."""
        raise NotImplementedError

    def gradient(self, a: Array, d: Array, G: Array) -> Ops:  # noqa: N803
        """Return the calls writing G = aᵀ · d (summed over the samples)."""
        raise NotImplementedError

    def backward(self, d: Array, W: Array, out: Array) -> Ops:  # noqa: N803
        """Return the calls writing out = d · Wᵀ."""
        raise NotImplementedError


class DotProducts(Products):
    """One run: ``np.dot`` on the 2-D arrays."""

    def forward(self, a: Array, P: Array, z: Array) -> Ops:  # noqa: N803, D102
        return [(np.dot, (a[0], P[0], z[0]))]

    def gradient(self, a: Array, d: Array, G: Array) -> Ops:  # noqa: N803, D102
        return [(np.dot, (a[0].T, d[0], G[0]))]

    def backward(self, d: Array, W: Array, out: Array) -> Ops:  # noqa: N803, D102
        return [(np.dot, (d[0], W[0].T, out[0]))]


class MatmulProducts(Products):
    """Many runs, runs first in memory: ``np.matmul``, one BLAS product per run."""

    def forward(self, a: Array, P: Array, z: Array) -> Ops:  # noqa: N803, D102
        return [(np.matmul, (a, P, z))]

    def gradient(self, a: Array, d: Array, G: Array) -> Ops:  # noqa: N803, D102
        return [(np.matmul, (np.swapaxes(a, -1, -2), d, G))]

    def backward(self, d: Array, W: Array, out: Array) -> Ops:  # noqa: N803, D102
        return [(np.matmul, (d, np.swapaxes(W, -1, -2), out))]


class EinsumProducts(Products):
    """Many runs, runs last in memory: ``np.einsum`` loops over the runs.

    Operations on a strided view of these arrays cost 2–7× those on a
    contiguous one, so hidden activations carry no column of ones here:
    a bias row of ``P`` is added to z, and its gradient is δ summed over
    the samples. Inputs shared by every run, which do carry the ones, make
    the first layer's products one ``np.dot`` for all runs, the runs being
    contiguous with the neurons.
    """

    def forward(self, a: Array, P: Array, z: Array) -> Ops:  # noqa: N803, D102
        if a.ndim == 2:
            return [(np.dot, (a, _matrix(P, a.shape[1]), _matrix(z, a.shape[0])))]
        L = a.shape[1]  # noqa: N806
        ops: Ops = [(partial(np.einsum, "sjr,jir->sir", out=z), (a, P[:L]))]
        return ops + [(np.add, (z, P[L], z))] if len(P) > L else ops

    def gradient(self, a: Array, d: Array, G: Array) -> Ops:  # noqa: N803, D102
        if a.ndim == 2:
            return [(np.dot, (a.T, _matrix(d, a.shape[0]), _matrix(G, a.shape[1])))]
        L = a.shape[1]  # noqa: N806
        ops: Ops = [(partial(np.einsum, "sjr,sir->jir", out=G[:L]), (a, d))]
        return ops + [(partial(np.add.reduce, axis=0, out=G[L]), (d,))] if len(G) > L else ops

    def backward(self, d: Array, W: Array, out: Array) -> Ops:  # noqa: N803, D102
        return [(partial(np.einsum, "sir,jir->sjr", out=out), (d, W))]

def _matrix(mem: Array, rows: int) -> Array:
    """Return a 2-D view (rows, …) of a memory array whose runs are last; never a copy, which would lose writes."""
    return np.reshape(mem, (rows, -1), copy=False)
