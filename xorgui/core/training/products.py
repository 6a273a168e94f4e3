"""The three matrix products of an update, as NumPy calls on a program's memory arrays.

Which one suits which layout, and why, is told in ``layout``.
"""

from __future__ import annotations

from functools import partial

import numpy as np

try:  # the C function np.einsum calls after its Python-level handling of the arguments (see EinsumProducts)
    from numpy._core.multiarray import c_einsum as einsum
except ImportError:  # a NumPy without it: the public function, the same sums
    einsum = np.einsum

Array = np.ndarray
Ops = list  # [(callable, args tuple), …]


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
    """Many runs, runs first in memory: ``np.matmul``, one BLAS product per run.

    A product whose second factor is a transposed view (d · Wᵀ) takes this
    OpenBLAS 2.5–4× as long as one on contiguous factors (46 against 16 µs
    for 200 runs of 16 × 16), so when d's rows are contiguous and Wᵀ is
    such a view ``backward`` first copies Wᵀ (22 µs); the turned layers of
    ``Layout.choose`` avoid that case.
    """

    def forward(self, a: Array, P: Array, z: Array) -> Ops:  # noqa: N803, D102
        return [(np.matmul, (a, P, z))]

    def gradient(self, a: Array, d: Array, G: Array) -> Ops:  # noqa: N803, D102
        return [(np.matmul, (np.swapaxes(a, -1, -2), d, G))]

    def backward(self, d: Array, W: Array, out: Array) -> Ops:  # noqa: N803, D102
        w_t = np.swapaxes(W, -1, -2)
        if d.strides[-1] != d.itemsize or w_t.strides[-1] == w_t.itemsize:
            return [(np.matmul, (d, w_t, out))]
        copy = np.empty(w_t.shape)
        return [(np.copyto, (copy, w_t)), (np.matmul, (d, copy, out))]


class EinsumProducts(Products):
    """Many runs, every axis reversed: ``np.einsum`` loops over the runs.

    Here ``a`` is (L(n-1) [+ 1], m, R), ``P`` (L(n-1) [+ 1], L(n), R), ``d``
    (L(n), m, R). Inputs shared by every run, (m, L(0) [+ 1]), make the
    first layer's products one BLAS product per neuron for all runs.

    The products call NumPy's C einsum, which ``np.einsum`` calls after
    handling its arguments in Python: 4.8 against 5.5 µs for a layer of
    [2, 2, 1] at 1 000 runs, three calls an epoch, 4–5 % of such a
    study (no public function is as fast; ``np.einsum`` where it is missing).
    """

    def forward(self, a: Array, P: Array, z: Array) -> Ops:  # noqa: N803, D102
        if a.ndim == 2:
            return [(np.matmul, (a, P.transpose(1, 0, 2), z))]
        return [(partial(einsum, "jsr,jir->isr", out=z), (a, P))]

    def gradient(self, a: Array, d: Array, G: Array) -> Ops:  # noqa: N803, D102
        if a.ndim == 2:
            return [(np.matmul, (a.T, d, G.transpose(1, 0, 2)))]
        return [(partial(einsum, "jsr,isr->jir", out=G), (a, d))]

    def backward(self, d: Array, W: Array, out: Array) -> Ops:  # noqa: N803, D102
        return [(partial(einsum, "isr,jir->jsr", out=out), (d, W))]
