"""The trainer's inner loop: one epoch in few NumPy calls, allocation free.

Each NumPy call costs 0.25–0.8 µs on arrays this small, so an epoch of a
[2, 3, 1] network is dominated by call count, not arithmetic. The engine
therefore keeps one preallocated buffer per kind of array, folds the biases
into the weight blocks (``Network.P``) with a column of ones in the
activations, writes every result with ``out=``, and leaves the per-epoch
loss to be computed later, many epochs at once, from the stored errors
e = ŷ − y.
"""

from __future__ import annotations

import numpy as np

from xorgui.core.activations import get_activation
from xorgui.core.costs import get_cost, reduce_factor
from xorgui.core.network import Network

Array = np.ndarray
_dot, _sub, _mul = np.dot, np.subtract, np.multiply


class BatchBuffers:
    """Preallocated arrays for forward and backward passes on m samples.

    Parameters
    ----------
    net : Network
        Network whose ``P`` blocks the passes read.
    m : int
        Number of samples per pass.
    """

    def __init__(self, net: Network, m: int) -> None:
        spec, bias = net.spec, int(net.spec.bias)
        dims, N = spec.dims, spec.N  # noqa: N806
        self.x_ext = np.ones((m, dims[0] + bias))
        self.layers = []
        a_prev_ext = self.x_ext
        for n in range(1, N + 1):
            act = get_activation(spec.activations[n - 1])
            z = np.empty((m, dims[n]))
            a_ext = np.ones((m, dims[n] + (bias if n < N else 0)))
            self.layers.append(_Layer(act, net.P[n], z, a_ext, a_prev_ext, dims[n - 1]))
            a_prev_ext = a_ext
        self.out = self.layers[-1].a

    def forward(self) -> Array:
        """Run the forward pass on ``x_ext``; return the output activations."""
        for lay in self.layers:
            _dot(lay.a_prev_ext, lay.P, lay.z)
            lay.apply(lay.z, lay.a)
        return self.out

    def backward(self, e: Array, cross_entropy: bool, grads: list) -> None:
        """Write Σ over samples of δ(n)·a(n-1) into ``grads[n-1]``, from e = ∂C/∂ŷ up to a factor."""
        layers = self.layers
        d = e
        if not cross_entropy:
            d = layers[-1].times_grad(e)
        for n in range(len(layers) - 1, 0, -1):
            lay = layers[n]
            _dot(lay.a_prev_ext.T, d, grads[n])
            below = layers[n - 1]
            _dot(d, lay.W_t, below.d)
            d = below.times_grad(below.d)
        _dot(layers[0].a_prev_ext.T, d, grads[0])


class _Layer:
    __slots__ = ("P", "W_t", "z", "a", "a_prev_ext", "d", "g", "apply", "grad", "apply_name")

    def __init__(self, act, P: Array, z: Array, a_ext: Array, a_prev_ext: Array, fan_in: int) -> None:  # noqa: N803
        self.P, self.W_t = P, P[:fan_in].T
        self.z, self.a, self.a_prev_ext = z, a_ext[:, : z.shape[1]], a_prev_ext
        self.d, self.g = np.empty_like(z), np.empty_like(z)
        self.apply, self.grad = act.apply_into, act.grad_into

    def times_grad(self, d: Array) -> Array:
        g = self.grad(self.z, self.a, self.g)
        if g is None:
            return d
        return _mul(d, g, self.d)


class Engine:
    """Trains a network in place, one epoch per call.

    Parameters
    ----------
    net : Network
        Trained in place; the engine keeps views into its parameters.
    X, Y : ndarray
        Inputs (m, a) and targets (m, L(N)).
    """

    def __init__(self, net: Network, X: Array, Y: Array) -> None:  # noqa: N803
        self.net, self.X, self.Y = net, np.asarray(X, float), np.asarray(Y, float)
        cost = get_cost(net.spec.cost)
        self.cross_entropy = cost.is_cross_entropy
        self.k_cost = cost.scale(net.spec.dims[-1])
        self.G = np.empty_like(net.theta)
        self.G_blocks = [self.G[a:b].reshape(p.shape) for a, b, p in _spans(net)]
        self._buffers: dict[int, BatchBuffers] = {}
        self._step = np.zeros(())

    def buffers(self, m: int) -> BatchBuffers:
        """Return (and cache) the buffers for passes on m samples."""
        if m not in self._buffers:
            self._buffers[m] = BatchBuffers(self.net, m)
        return self._buffers[m]

    def batch_epochs(self, lr: float, errs: Array) -> None:
        """Run ``len(errs)`` full-batch epochs; write e = ŷ − y of epoch k into ``errs[k]``."""
        m = len(self.X)
        buf = self.buffers(m)
        buf.x_ext[:, : self.X.shape[1]] = self.X
        self._step[()] = lr * self.k_cost * reduce_factor(self.net.spec.reduction, m)
        Y, G, theta, step, ce, grads = self.Y, self.G, self.net.theta, self._step, self.cross_entropy, self.G_blocks  # noqa: N806
        forward, backward = buf.forward, buf.backward
        with np.errstate(over="ignore", invalid="ignore"):
            for e in errs:
                _sub(forward(), Y, e)
                backward(e, ce, grads)
                _mul(G, step, G)
                _sub(theta, G, theta)

    def minibatch_epoch(self, lr: float, batch: int, order: Array, err: Array) -> None:
        """Run one epoch of updates on batches of ``batch`` samples taken in ``order``.

        ``err[r]`` receives e = ŷ − y of sample ``order[r]``, measured
        before the update of its batch.
        """
        m = len(order)
        reduction = self.net.spec.reduction
        Xo, Yo = self.X[order], self.Y[order]  # noqa: N806
        with np.errstate(over="ignore", invalid="ignore"):
            for s in range(0, m, batch):
                t = min(s + batch, m)
                buf = self.buffers(t - s)
                buf.x_ext[:, : Xo.shape[1]] = Xo[s:t]
                e = err[s:t]
                _sub(buf.forward(), Yo[s:t], e)
                buf.backward(e, self.cross_entropy, self.G_blocks)
                self._step[()] = lr * self.k_cost * reduce_factor(reduction, t - s)
                _mul(self.G, self._step, self.G)
                _sub(self.net.theta, self.G, self.net.theta)


def _spans(net: Network):
    start = 0
    for p in net.P[1:]:
        yield start, start + p.size, p
        start += p.size
