"""Geometry and colours of the network graph: pure functions of dims and values.

The Qt view draws what these return; tests check them without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Array = np.ndarray
DX = 2.0  # horizontal distance between layers, in view units
# ColorBrewer PuOr endpoints (colour-blind safe): orange for negative, purple
# for positive, near-white for 0.
NEGATIVE, MIDDLE, POSITIVE = np.array([230, 97, 1]), np.array([240, 240, 240]), np.array([94, 60, 153])


@dataclass(frozen=True)
class Layout:
    """Where everything of a network with ``dims`` sits, in view units.

    Attributes
    ----------
    dims : tuple of int
        Layer widths.
    nodes : ndarray, shape (n_neurons, 2)
        Neuron centres, layer by layer.
    layer_of, index_of : ndarray
        Layer n and index i of each node.
    edges : ndarray, shape (n_weights, 4)
        x0, y0, x1, y1 of each weight, in the order w(1)_00, w(1)_01, …
    edge_ref : ndarray, shape (n_weights, 3)
        n, i, j of each weight.
    bias_pos : ndarray, shape (n_neurons - dims[0], 2)
        Bias marker of each neuron of layers 1 … N.
    cost : tuple of float
        Position of the cost node.
    node_px : float
        Neuron diameter in pixels.
    spacing : float
        Distance between two neighbours of a layer, in view units (0 when
        every layer has one neuron).
    """

    dims: tuple
    nodes: Array
    layer_of: Array
    index_of: Array
    edges: Array
    edge_ref: Array
    bias_pos: Array
    cost: tuple
    node_px: float
    spacing: float = 1.0

    def node_index(self, n: int, i: int) -> int:
        """Row of neuron i of layer n in ``nodes``."""
        return int(sum(self.dims[:n])) + i

    def edge_index(self, n: int, i: int, j: int) -> int:
        """Row of w(n)_ij in ``edges``."""
        before = sum(self.dims[k] * self.dims[k - 1] for k in range(1, n))
        return int(before + i * self.dims[n - 1] + j)


def layout(dims: tuple) -> Layout:
    """Return the layout of a network: layers left to right, each centred vertically."""
    dims = tuple(dims)
    spacing = 1.0 if max(dims) <= 9 else 8.0 / (max(dims) - 1)
    xs, ys, layer_of, index_of = [], [], [], []
    for n, width in enumerate(dims):
        xs.append(np.full(width, n * DX))
        ys.append((np.arange(width)[::-1] - (width - 1) / 2) * spacing)
        layer_of.append(np.full(width, n))
        index_of.append(np.arange(width))
    nodes = np.column_stack([np.concatenate(xs), np.concatenate(ys)])
    edges, refs = [], []
    for n in range(1, len(dims)):
        i, j = np.meshgrid(np.arange(dims[n]), np.arange(dims[n - 1]), indexing="ij")
        dst, src = ys[n][i.ravel()], ys[n - 1][j.ravel()]
        edges.append(np.column_stack([np.full(dst.size, (n - 1) * DX), src, np.full(dst.size, n * DX), dst]))
        refs.append(np.column_stack([np.full(dst.size, n), i.ravel(), j.ravel()]))
    node_px = float(np.clip(360.0 / max(dims), 6.0, 30.0))
    hidden = nodes[dims[0]:]
    bias_pos = hidden + np.array([-0.28, 0.0]) * min(1.0, spacing * 1.2)
    return Layout(dims, nodes, np.concatenate(layer_of), np.concatenate(index_of), np.vstack(edges),
                  np.vstack(refs).astype(int), bias_pos, ((len(dims) - 1) * DX + 0.8 * DX, 0.0), node_px,
                  spacing if max(dims) > 1 else 0.0)


def fitted_ranges(lay: Layout, size_px: tuple[float, float], margins_px: tuple[float, float, float, float]
                  ) -> tuple[tuple[float, float], tuple[float, float]]:
    """Return the x and y ranges that show every neuron and the cost node with margins in pixels around them.

    Parameters
    ----------
    lay : Layout
        The network's layout.
    size_px : (float, float)
        Width and height of the view in pixels.
    margins_px : (left, right, top, bottom)
        Pixels to keep free beyond the outermost centres: half a neuron plus
        the labels drawn beside it (labels keep their pixel size whatever
        the zoom, so the room they need is known in pixels only).
    """
    left, right, top, bottom = margins_px
    x = _fit_axis(float(lay.nodes[:, 0].min()), float(lay.cost[0]), size_px[0], left, right)
    y = _fit_axis(float(lay.nodes[:, 1].min()), float(lay.nodes[:, 1].max()), size_px[1], bottom, top)
    return x, y


def _fit_axis(lo: float, hi: float, size: float, m_lo: float, m_hi: float) -> tuple[float, float]:
    if hi - lo < 1e-9:  # one neuron on this axis: give it a unit of room
        lo, hi = lo - 0.5, hi + 0.5
    free = max(size - m_lo - m_hi, 0.25 * size, 1.0)  # a tiny view still shows the centres
    per_px = (hi - lo) / free
    return lo - m_lo * per_px, hi + m_hi * per_px


def diverging(values: Array, scale: float) -> Array:
    """Return RGB colours (0–255) for values in [−scale, scale] on the PuOr palette."""
    t = np.clip(np.asarray(values, float) / (scale if scale > 0 else 1.0), -1.0, 1.0)[..., None]
    neg = MIDDLE + (NEGATIVE - MIDDLE) * (-t)
    pos = MIDDLE + (POSITIVE - MIDDLE) * t
    return np.where(t < 0, neg, pos).astype(np.uint8)


FAINTEST = 0.3  # the weakest edge is drawn this far from the background towards its sign's colour


def edge_colours(values: Array, scale: float, faintest: float = FAINTEST) -> Array:
    """Return RGB colours of edges: the PuOr palette, but even a weight near 0 faintly tinted by its sign.

    On the light background the palette's middle is invisible, and a learner
    reads a missing line as "not connected": so |value| / scale in [0, 1]
    maps to [faintest, 1] of the way from the middle to the end colour.
    """
    t = np.clip(np.nan_to_num(np.asarray(values, float) / (scale if scale > 0 else 1.0)), -1.0, 1.0)
    return diverging(np.sign(t) * (faintest + (1 - faintest) * np.abs(t)), 1.0)


def weight_scale(values: Array) -> float:
    """Return the legend's scale: the largest |value| (1 when there is none or all are 0)."""
    finite = np.abs(values[np.isfinite(values)])
    top = float(finite.max()) if finite.size else 0.0
    return top if top > 0 else 1.0


@dataclass(frozen=True)
class EdgeBins:
    """Edges grouped by colour and width class, for batched drawing.

    Attributes
    ----------
    groups : dict
        (colour bin, width) → indices of the edges in that group.
    colours : ndarray, shape (n_bins, 3)
        RGB of each colour bin.
    hidden : int
        Edges left out because they would be drawn in the background colour.
    signature : bytes
        Equal for two binnings that draw the same picture.
    """

    groups: dict
    colours: Array
    hidden: int
    signature: bytes = b""


def bin_edges(values: Array, scale: float, n_bins: int = 16, widths: tuple = (1, 2, 3, 4),
              min_visible: float = 0.0, faintest: float = FAINTEST) -> EdgeBins:
    """Group edges into ``n_bins`` signed colour bins and width classes by |value| / scale.

    Every edge is drawn (``edge_colours`` with ``faintest`` keeps the
    weakest visible); edges whose |value| is under ``min_visible`` · scale,
    if given, are counted as hidden instead.
    """
    t = np.clip(np.nan_to_num(values / scale), -1.0, 1.0)
    centres = (np.arange(n_bins) + 0.5) / n_bins * 2 - 1
    colour_bin = np.minimum(((t + 1) / 2 * n_bins).astype(int), n_bins - 1)
    width_class = np.minimum((np.abs(t) * len(widths)).astype(int), len(widths) - 1)
    visible = np.flatnonzero(np.abs(t) >= min_visible)
    key = (colour_bin * len(widths) + width_class)[visible]
    order = np.argsort(key, kind="stable")  # one sort, then each group is a run
    keys = key[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.empty(0, int)
    ends = np.r_[starts[1:], len(keys)]
    groups = {(int(keys[a]) // len(widths), widths[int(keys[a]) % len(widths)]): visible[order[a:b]]
              for a, b in zip(starts, ends)}
    signature = visible.tobytes() + key.astype(np.int16).tobytes()  # colours depend on the bin only
    return EdgeBins(groups, edge_colours(centres * scale, scale, faintest), len(values) - len(visible), signature)


def strongest(values: Array, limit: int) -> Array:
    """Return the indices of the ``limit`` largest |values| (all of them, in order, if there are fewer)."""
    if len(values) <= limit:
        return np.arange(len(values))
    return np.sort(np.argpartition(-np.abs(np.nan_to_num(values)), limit)[:limit])


def point_segment_distance(p: Array, segs: Array) -> Array:
    """Return the distance of point p to each segment (x0, y0, x1, y1), in the same units."""
    a, b = segs[:, :2], segs[:, 2:]
    ab = b - a
    length2 = np.einsum("ij,ij->i", ab, ab)
    t = np.clip(np.einsum("ij,ij->i", p - a, ab) / np.where(length2 > 0, length2, 1.0), 0.0, 1.0)
    closest = a + t[:, None] * ab
    return np.hypot(*(p - closest).T)


def short(x: float) -> str:
    """Format a number for a label on the graph or its legend: 3 significant digits, NaN and ∞ in words."""
    x = float(x)
    if np.isnan(x):
        return "NaN"
    if np.isinf(x):
        return "∞" if x > 0 else "−∞"
    return f"{x:.3g}"
