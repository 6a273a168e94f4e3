"""Where the chain-rule paths of a gradient run on the graph: weights (n, i, j) and neurons (n, i)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xorgui.core.model.params import ParamRef

if TYPE_CHECKING:
    from xorgui.core.explanation.explain import Path


def path_subgraph(dims: tuple, ref: ParamRef) -> tuple[set, set]:
    """Return the weights (n, i, j) and neurons (n, i) on the paths from the cost to ``ref``.

    Every neuron of a later layer lies on some path (the layers are fully
    connected), so the subgraph is: the selection's neuron, all later
    neurons, the weights out of the selection's neuron and all later
    weights; for a weight w(n)_ij also that edge and neuron j of layer n−1.
    """
    n, i, N = ref.n, ref.i, len(dims) - 1  # noqa: N806
    neurons = {(n, i)} | {(m, k) for m in range(n + 1, N + 1) for k in range(dims[m])}
    edges = {(n + 1, k, i) for k in range(dims[n + 1])} if n < N else set()
    edges |= {(m, k, j) for m in range(n + 2, N + 1) for k in range(dims[m]) for j in range(dims[m - 1])}
    if ref.kind == "w" and ref.j is not None:
        edges.add((n, i, ref.j))
        neurons.add((n - 1, ref.j))
    return edges, neurons


def path_edges(path: Path, ref: ParamRef) -> tuple[list, list]:
    """Return the weights (n, i, j) and neurons (n, i) of one path (an ``explain.Path``), ending on ``ref``."""
    neurons = list(path.neurons)
    edges = [(a[0], a[1], b[1]) for a, b in zip(neurons, neurons[1:])]
    if ref.kind == "w":
        edges.append((ref.n, ref.i, ref.j))
        neurons.append((ref.n - 1, ref.j))
    return edges, neurons
