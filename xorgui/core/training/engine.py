"""The trainer's inner loop: one update in few NumPy calls, allocation free.

Each NumPy call costs 0.25–0.8 µs on arrays this small, so an epoch of a
[2, 3, 1] network is dominated by the number of calls and the Python
around them, not by arithmetic. The engine therefore keeps one
preallocated buffer per kind of array, folds the biases into the weight
blocks (``Network.P``) with a column of ones in the activations, and
compiles a whole update into one flat list of ``(ufunc, args)`` calls that
all write with ``out=``. The per-epoch loss is computed later, many epochs
at once, from the stored errors e = ŷ − y.
"""

from __future__ import annotations

import numpy as np

from xorgui.core.model.activations import get_activation
from xorgui.core.model.costs import get_cost, reduce_factor
from xorgui.core.model.network import Network

Array = np.ndarray


class UpdateProgram:
    """Buffers and the flat list of calls for one gradient step on m samples.

    Running ``ops`` reads ``x_ext`` (inputs with a column of ones when the
    network has biases) and ``y``, writes e = ŷ − y into ``e``, the step
    η·k·∂C/∂θ into ``G`` and subtracts it from the network's parameters;
    ``step`` holds η·k, k folding the cost's constant and the reduction.
    """

    def __init__(self, net: Network, m: int, G: Array, G_blocks: list, cross_entropy: bool) -> None:  # noqa: N803
        spec, bias = net.spec, int(net.spec.bias)
        dims, N = spec.dims, spec.N  # noqa: N806
        self.x_ext, self.y, self.e = np.ones((m, dims[0] + bias)), np.empty((m, dims[N])), np.empty((m, dims[N]))
        self.step = np.zeros(())
        ops: list = []
        a_ext, layers = self.x_ext, []
        for n in range(1, N + 1):  # forward: z = [a 1] · P, a = g(z)
            act = get_activation(spec.activations[n - 1])
            z, nxt = np.empty((m, dims[n])), np.ones((m, dims[n] + (bias if n < N else 0)))
            a = nxt[:, : dims[n]]
            ops.append((np.dot, (a_ext, net.P[n], z)))
            ops += act.ops(z, a)
            layers.append((act, z, a, a_ext, net.P[n][: dims[n - 1]].T))
            a_ext = nxt
        ops.append((np.subtract, (layers[-1][2], self.y, self.e)))
        d = self.e
        for n in range(N, 0, -1):  # backward: δ(n), then Σ_samples [a 1]ᵀ δ
            act, z, a, a_prev_ext, _ = layers[n - 1]
            if not (n == N and cross_entropy) and act.grad_ops is not None:
                g, d_new = np.empty_like(z), np.empty_like(z) if n == N else d
                ops += act.grad_ops(z, a, g) + [(np.multiply, (d, g, d_new))]
                d = d_new
            ops.append((np.dot, (a_prev_ext.T, d, G_blocks[n - 1])))
            if n > 1:
                d_below = np.empty((m, dims[n - 1]))
                ops.append((np.dot, (d, layers[n - 1][4], d_below)))
                d = d_below
        ops += [(np.multiply, (G, self.step, G)), (np.subtract, (net.theta, G, net.theta))]
        self.ops = ops

    def run(self) -> None:
        """Run one update (callers hold ``np.errstate(over="ignore")``)."""
        for f, args in self.ops:
            f(*args)


class Engine:
    """Trains a network in place.

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
        self.G_blocks, start = [], 0
        for p in net.P[1:]:
            self.G_blocks.append(self.G[start:start + p.size].reshape(p.shape))
            start += p.size
        self._programs: dict[int, UpdateProgram] = {}

    def program(self, m: int, lr: float) -> UpdateProgram:
        """Return (and cache) the update program on m samples, with its step set for η = lr."""
        if m not in self._programs:
            self._programs[m] = UpdateProgram(self.net, m, self.G, self.G_blocks, self.cross_entropy)
        prog = self._programs[m]
        prog.step[()] = lr * self.k_cost * reduce_factor(self.net.spec.reduction, m)
        return prog

    def batch_epochs(self, lr: float, errs: Array, thetas: Array | None = None) -> None:
        """Run ``len(errs)`` full-batch epochs; write e = ŷ − y of epoch k into ``errs[k]``.

        With ``thetas``, also θ after epoch k into ``thetas[k]`` (for the timeline).
        """
        prog = self.program(len(self.X), lr)
        prog.x_ext[:, : self.X.shape[1]] = self.X
        prog.y[...] = self.Y
        ops, e, copy, theta = prog.ops, prog.e, np.copyto, self.net.theta
        with np.errstate(over="ignore", invalid="ignore"):
            if thetas is None:
                for row in errs:
                    for f, args in ops:
                        f(*args)
                    copy(row, e)
            else:
                for row, after in zip(errs, thetas):
                    for f, args in ops:
                        f(*args)
                    copy(row, e)
                    copy(after, theta)

    def minibatch_epoch(self, lr: float, batch: int, order: Array, err: Array) -> None:
        """Run one epoch of updates on batches of ``batch`` samples taken in ``order``.

        ``err[r]`` receives e = ŷ − y of sample ``order[r]``, measured
        before the update of its batch.
        """
        m = len(order)
        Xo, Yo = self.X[order], self.Y[order]  # noqa: N806
        with np.errstate(over="ignore", invalid="ignore"):
            for s in range(0, m, batch):
                t = min(s + batch, m)
                prog = self.program(t - s, lr)
                prog.x_ext[:, : Xo.shape[1]] = Xo[s:t]
                prog.y[...] = Yo[s:t]
                prog.run()
                err[s:t] = prog.e
