"""Hit testing on the network graph: which item lies under a point, and where to click to reach an item.

Pure functions of a layout and the view's scale (pixels per view unit on
each axis), so that distances are measured in pixels whatever the zoom.
"""

from __future__ import annotations

import numpy as np

from xorgui.core.explanation.graph import Layout, point_segment_distance
from xorgui.core.model.params import ParamRef
from xorgui.qt.graph_nodes import bias_px

HOVER_PX = 5.0  # how close (in pixels) the pointer must be to an edge


def item_at(lay: Layout, scale: np.ndarray, point: np.ndarray, biases: bool) -> str:
    """Return the name (``w:n:i:j``, ``b:n:i``, ``z:n:i``, ``x:j``) under a point in view units, or ''.

    Bias markers (when ``biases``) win over neurons, neurons over edges;
    among edges within a few pixels, the nearest.
    """
    p = point * scale
    if biases:
        d = np.hypot(*(lay.bias_pos * scale - p).T)
        k = int(np.argmin(d))
        if d[k] <= bias_px(lay) / 2 + 2:
            return f"b:{lay.layer_of[lay.dims[0] + k]}:{lay.index_of[lay.dims[0] + k]}"
    d = np.hypot(*(lay.nodes * scale - p).T)
    k = int(np.argmin(d))
    if d[k] <= lay.node_px / 2 + 2:
        n, i = lay.layer_of[k], lay.index_of[k]
        return f"z:{n}:{i}" if n > 0 else f"x:{i}"
    dist = point_segment_distance(p, lay.edges * np.tile(scale, 2))
    k = int(np.argmin(dist))
    if dist[k] <= HOVER_PX:
        return "w:{}:{}:{}".format(*lay.edge_ref[k])
    return ""


def edge_row(lay: Layout, ref: ParamRef) -> int:
    """Return the row of weight ``ref`` in ``lay.edges``."""
    if ref.j is None:
        raise ValueError(f"{ref.name} is not a weight")
    return lay.edge_index(ref.n, ref.i, ref.j)


def anchor_point(lay: Layout, scale: np.ndarray, ref: ParamRef) -> np.ndarray:
    """Return the point, in view units, where a click selects ``ref``.

    For a weight: the point of its edge farthest from every other edge and
    marker, so that crossings never make the click ambiguous.
    """
    if ref.kind == "z":
        return lay.nodes[lay.node_index(ref.n, ref.i)]
    if ref.kind == "b":
        return lay.bias_pos[lay.node_index(ref.n, ref.i) - lay.dims[0]]
    k = edge_row(lay, ref)
    x0, y0, x1, y1 = lay.edges[k]
    # zoomed far out every point may be near another edge: take the best
    best, pos = -np.inf, np.array([(x0 + x1) / 2, (y0 + y1) / 2])
    for t in np.linspace(0.15, 0.85, 57):
        cand = np.array([x0 + t * (x1 - x0), y0 + t * (y1 - y0)])
        margin = _margin(lay, scale, cand, k)
        if margin > best:
            best, pos = margin, cand
    return pos


def _margin(lay: Layout, scale: np.ndarray, view_point: np.ndarray, k: int) -> float:
    """Pixels from a point to the nearest edge other than edge k, or to the nearest marker."""
    p = view_point * scale
    dist = point_segment_distance(p, lay.edges * np.tile(scale, 2))
    dist[k] = np.inf
    markers = np.vstack([lay.nodes, lay.bias_pos]) * scale
    return float(min(dist.min(), np.hypot(*(markers - p).T).min() - lay.node_px / 2))
