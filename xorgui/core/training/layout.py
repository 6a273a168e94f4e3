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
  This OpenBLAS takes 2–3× as long for a product whose second factor is
  a transposed view (218 against 69–78 µs for 1 000 runs of d · Wᵀ, 16 ×
  16), and copying Wᵀ costs 123–145 µs. So the layers turn: layer 2's
  values lie units first, (R, L, m) in memory, layers 1 and 3 samples
  first, and so on, and a block lies by output, (R, L(n), L(n-1) + 1),
  after a layer whose units lie first: no product then needs a copy, and
  the slow kind is left only where it costs least. Of the eight ways to
  turn [2, 16, 16, 2]'s layers and the four to lay its blocks, measured
  on whole epochs of 1 000 runs, this one was the fastest: 980 µs an
  epoch against 1 150 µs with none turned. With inputs shared by every
  run, layer 1's products are one BLAS product for all runs rather than
  one per run (``first_by_sample``): 14 against 50 µs each, 870 µs an
  epoch.

Elementwise calls do not care how the runs lie, so programs apply them to
the arrays as they lie in memory ("memory arrays"), which keeps NumPy on
its contiguous fast path; ``runs_first`` gives the (R, …) view of one.
With runs first, programs hold the (R, m, L) views of turned layers
(``view``) and pass those to the products, which NumPy hands to BLAS with
the strides it finds.
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
        runs-first arrays themselves, or their views (see ``view``).
    units_first : tuple of bool
        Runs first only, per layer 0 … N (empty: none): the per-sample
        values of layer n lie (R, L, m) in memory, the units first.
    by_output : tuple of bool
        Runs first only, per layer 0 … N (index 0 unused; empty: none):
        block ``P[n]`` lies (R, L(n), L(n-1) [+ 1]) in memory, by output.
    first_by_sample : bool
        Runs first, inputs shared by every run, biases, a hidden layer 1:
        layer 1's values lie (m, R, L(1) + 1) in memory and its block
        (L(0) + 1, R, L(1) + 1) ahead of the other blocks, both with the
        constant column, so that each of its products is one BLAS product
        for all runs (see ``first_block``).
    """

    runs: int
    runs_last: bool = False
    units_first: tuple[bool, ...] = ()
    by_output: tuple[bool, ...] = ()
    first_by_sample: bool = False

    @classmethod
    def choose(cls, spec: Spec, runs: int, shared_inputs: bool = False) -> Layout:
        """Return the faster layout for ``runs`` networks of ``spec`` (see the module's notes)."""
        dims = spec.dims
        narrow = all((dims[n - 1] + 1) * dims[n] <= NARROW for n in range(2, len(dims)))
        return cls(runs, runs > 1) if runs == 1 or narrow else cls.turned(spec, runs, shared_inputs)

    @classmethod
    def turned(cls, spec: Spec, runs: int, shared_inputs: bool = False) -> Layout:
        """Return the runs-first layout whose even layers lie units first, and blocks by output after them."""
        units_first = tuple(n > 0 and n % 2 == 0 for n in range(spec.N + 1))
        by_output = tuple(n > 1 and units_first[n - 1] for n in range(spec.N + 1))
        return cls(runs, False, units_first, by_output, shared_inputs and spec.bias and spec.N > 1)

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

    def layer_shape(self, n: int, m: int, width: int) -> tuple[int, ...]:
        """Return the memory shape of layer n's per-sample values, (R, m, ``width``) runs first."""
        if n == 1 and self.first_by_sample:
            return (m, self.runs, width)
        return (self.runs, width, m) if self.units_first and self.units_first[n] else self.shape(m, width)

    def view(self, n: int, mem: Array) -> Array:
        """Return the array programs work with for memory array ``mem`` of layer n: (R, m, L) with runs first."""
        if n == 1 and self.first_by_sample:
            return mem.transpose(1, 0, 2)
        return np.swapaxes(mem, -1, -2) if self.units_first and self.units_first[n] else mem

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

        ``theta`` is a memory array of ``params_shape`` holding each run's
        ``Network.theta`` (see ``params_from_runs_first``). The blocks are
        (R, L(n-1) [+ 1], L(n)) with runs first, (L(n-1) [+ 1], L(n), R)
        with runs last: the parameters of one run are not reversed, they
        stay as ``Network.P`` holds them.
        """
        views: list = [None]
        start, first = 0, 1
        if self.first_by_sample:  # layer 1 ahead of the others, the runs' blocks side by side (see first_block)
            region = self.first_block(spec, theta).reshape(spec.dims[0] + 1, self.runs, spec.dims[1] + 1)
            views.append(region[..., :-1].transpose(1, 0, 2))
            theta, first = theta[region.size:].reshape(self.runs, -1), 2
        for n in range(first, spec.N + 1):
            rows, cols = spec.dims[n - 1] + spec.bias, spec.dims[n]
            part = theta[start:start + rows * cols] if self.runs_last else theta[:, start:start + rows * cols]
            if self.by_output and self.by_output[n]:
                views.append(np.swapaxes(part.reshape(self.runs, cols, rows), 1, 2))
            else:
                views.append(part.reshape((rows, cols, self.runs) if self.runs_last else (self.runs, rows, cols)))
            start += rows * cols
        return views

    def first_block(self, spec: Spec, theta: Array) -> Array:
        """Return, with ``first_by_sample``, layer 1's block in ``theta`` as one matrix (L(0) + 1, R·(L(1) + 1)).

        Run r's ``Network.P[1]`` is columns r·(L(1) + 1) … of the first
        L(1) of each run; the last column of each run gives the constant
        sum of layer 1's constant column (the program sets it), and its
        gradient is 0. The inputs (m, L(0) + 1) times this matrix are
        layer 1's sums of every run, (m, R, L(1) + 1) in memory.
        """
        rows, cols = spec.dims[0] + 1, self.runs * (spec.dims[1] + 1)
        return theta[:rows * cols].reshape(rows, cols)

    def params_shape(self, spec: Spec) -> tuple[int, ...]:
        """Return the shape of a memory array of the parameters of R networks of ``spec``."""
        if self.first_by_sample:
            return (self.runs * (spec.n_params + spec.dims[0] + 1),)  # layer 1's constant column too
        return (spec.n_params, self.runs) if self.runs_last else (self.runs, spec.n_params)

    def params_from_runs_first(self, spec: Spec, thetas: Array) -> Array:
        """Return a new memory array of parameters for ``thetas``, each run's ``Network.theta`` (R, n_params)."""
        if not any(self.by_output) and not self.first_by_sample:
            return self.from_runs_first(thetas)
        out = np.zeros(self.params_shape(spec))
        for mine, theirs in zip(self.blocks(spec, out)[1:], Layout(self.runs).blocks(spec, thetas)[1:]):
            mine[...] = theirs
        return out

    def params_runs_first(self, spec: Spec, theta: Array) -> Array:
        """Return each run's ``Network.theta`` (R, n_params) from memory array ``theta`` (a copy if turned)."""
        if not any(self.by_output) and not self.first_by_sample:
            return self.runs_first(theta)
        out = np.empty((self.runs, spec.n_params))
        for theirs, mine in zip(Layout(self.runs).blocks(spec, out)[1:], self.blocks(spec, theta)[1:]):
            theirs[...] = mine
        return out

    def products(self) -> Products:
        """Return the matrix products for this layout."""
        if self.runs == 1:
            return DotProducts()
        return EinsumProducts() if self.runs_last else MatmulProducts()
