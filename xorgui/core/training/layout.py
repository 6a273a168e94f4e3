"""Where the run axis of an update program lies in memory, and the matrix products that suit it.

An update program trains R networks of one spec at once (R = 1 for the
explorer's trainer). Its arrays are runs-first, shape (R, …), but how they
lie in memory is chosen for speed; at these sizes a NumPy call costs more
than its arithmetic, so the choice is about calls (measured on two cores,
NumPy 2.4):

- one run: ``np.dot`` on the 2-D arrays, 0.45 µs a call against 0.95 µs
  for ``np.matmul``;
- many runs of narrow layers (see ``NARROW``): every axis reversed, runs
  last, and ``np.einsum``, whose loops run over the runs: a [2, 2, 1]
  layer of 1 000 runs in 5–7 µs, where one BLAS product per run takes
  30–45 µs. A layer's activations (units, samples, runs) are then
  followed by its row of ones in one contiguous block;
- many runs of wider layers: runs first and ``np.matmul``, one BLAS
  product per run: a 16 × 16 layer of 200 runs in 17 µs, 4.7× faster than
  the einsum. A hidden layer's sums then carry a constant column (see
  ``Program``), as elementwise calls on strided views cost 2–7× more.

Elementwise calls do not care how the runs lie, so programs apply them to
the arrays as they lie in memory ("memory arrays"), which keeps NumPy on
its contiguous fast path; ``runs_first`` gives the (R, …) view of one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xorgui.core.model.spec import Spec
from xorgui.core.training.products import DotProducts, EinsumProducts, MatmulProducts, Products

Array = np.ndarray
# A layer past the first whose block (L(n-1) + 1) × L(n) is at most this is narrow. Measured, 200–1 000 runs:
# einsum 1.7–3× as fast up to [2, 10, 2], [2, 5, 5, 1] and [2, 32, 1]; even at [2, 8, 8, 1] (72); matmul 1.6–1.8×
# as fast from [2, 10, 10, 2] (110) and [2, 64, 2] (130) on.
NARROW = 64


@dataclass(frozen=True)
class Layout:
    """How a program's arrays lie in memory.

    Attributes
    ----------
    runs : int
        R, the number of networks trained at once.
    runs_last : bool
        Memory arrays are the runs-first arrays with every axis reversed:
        (units, samples, runs) (narrow networks). Otherwise they are the
        runs-first arrays themselves.
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
    def constant_column(self) -> bool:
        """Hidden sums carry a constant column, so that elementwise calls run over whole buffers."""
        return self.runs > 1 and not self.runs_last

    @property
    def sample_axis(self) -> int:
        """The samples' axis in a memory array of per-sample values, (R, m[, L]) runs-first."""
        return -2 if self.runs_last else 1

    @property
    def unit_axis(self) -> int:
        """The neurons' axis in a memory array of per-sample values, (R, m, L) runs-first."""
        return 0 if self.runs_last else -1

    def shape(self, *shape: int) -> tuple[int, ...]:
        """Return the memory shape of a runs-first array of shape (R, *shape)."""
        return (*shape[::-1], self.runs) if self.runs_last else (self.runs, *shape)

    def empty(self, *shape: int) -> Array:
        """Return a new memory array for runs-first shape (R, *shape)."""
        return np.empty(self.shape(*shape))

    def runs_first(self, mem: Array) -> Array:
        """Return the runs-first view (R, …) of a memory array."""
        return mem.T if self.runs_last else mem

    def from_runs_first(self, values: Array) -> Array:
        """Return a new memory array holding ``values``, given runs-first."""
        values = np.asarray(values, dtype=float)
        return np.ascontiguousarray(values.T if self.runs_last else values)

    def columns(self, mem: Array, stop: int) -> Array:
        """Return the view of the first ``stop`` neurons (columns) of a memory array of per-sample values."""
        return mem[:stop] if self.runs_last else mem[..., :stop]

    def column(self, mem: Array, j: int) -> Array:
        """Return the view of neuron (column) ``j`` of a memory array of per-sample values."""
        return mem[j] if self.runs_last else mem[..., j]

    def samples(self, mem: Array, start: int, stop: int) -> Array:
        """Return the view of samples ``start`` … ``stop − 1`` of a memory array of per-sample values."""
        return mem[:, start:stop]

    def weight_rows(self, P: Array, stop: int) -> Array:  # noqa: N803
        """Return the view of the first ``stop`` rows (the weights, not the bias) of a block from ``blocks``."""
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
        """Return views ``P[n]`` of each run's ``Network.P[n]`` into parameters ``theta``; index 0 is None.

        ``theta`` is a memory array for (R, n_params) holding each run's
        ``Network.theta``. The blocks are (R, L(n-1) [+ 1], L(n)) with runs
        first, (L(n-1) [+ 1], L(n), R) with runs last: the parameters of
        one run are not reversed, they stay as ``Network.P`` holds them.
        """
        views: list = [None]
        start = 0
        for n in range(1, spec.N + 1):
            rows, cols = spec.dims[n - 1] + spec.bias, spec.dims[n]
            part = theta[start:start + rows * cols] if self.runs_last else theta[:, start:start + rows * cols]
            views.append(part.reshape((rows, cols, self.runs) if self.runs_last else (self.runs, rows, cols)))
            start += rows * cols
        return views

    def products(self) -> Products:
        """Return the matrix products for this layout."""
        if self.runs == 1:
            return DotProducts()
        return EinsumProducts() if self.runs_last else MatmulProducts()
