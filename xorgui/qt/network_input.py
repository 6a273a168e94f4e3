"""Pointer and keyboard on the network graph: hit testing, hover, click to select, edit."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtWidgets import QToolTip

from xorgui.core.explanation.graph import point_segment_distance
from xorgui.core.model.notation import input_label, num
from xorgui.core.model.params import all_params, parse_param
from xorgui.qt.graph_nodes import bias_px

HOVER_PX = 5.0  # how close (in pixels) the pointer must be to an edge


def neuron_label(dims: tuple, n: int, i: int) -> str:
    """Return the label drawn on a neuron: x_j, h(n)_i, ŷ or ŷ_i (every index from 0)."""
    if n == 0:
        return input_label(i)
    if n == len(dims) - 1:
        return "ŷ" if dims[-1] == 1 else f"ŷ_{i}"
    return f"h({n})_{i}"


class NetworkInput:
    """Mixin of NetworkView: what the pointer and the keys do."""

    def _px_per_unit(self) -> tuple[float, float]:
        vb = self.getViewBox()
        (x0, x1), (y0, y1) = vb.viewRange()
        rect = vb.sceneBoundingRect()
        return rect.width() / max(x1 - x0, 1e-12), rect.height() / max(y1 - y0, 1e-12)

    def item_at(self, view_pos: QPointF) -> str:
        """Return the name (``w:n:i:j``, ``b:n:i``, ``z:n:i``, ``x:j``) under a point in view coordinates, or ''.

        Bias markers win over neurons, neurons over edges; among edges within
        a few pixels, the nearest.
        """
        if self.layout_ is None:
            return ""
        lay = self.layout_
        scale = np.array(self._px_per_unit())
        p = np.array([view_pos.x(), view_pos.y()]) * scale
        if self.snapshot is not None and self.snapshot.biases:
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

    def anchor(self, name: str) -> QPoint:
        """Return the point, in viewport coordinates, where a click selects ``name``.

        For a weight: the point of its edge farthest from every other edge
        and marker, so that crossings never make the click ambiguous.
        """
        lay, ref = self.layout_, parse_param(name, self.snapshot.spec)
        if ref.kind == "z":
            pos = lay.nodes[lay.node_index(ref.n, ref.i)]
        elif ref.kind == "b":
            pos = lay.bias_pos[lay.node_index(ref.n, ref.i) - lay.dims[0]]
        else:
            x0, y0, x1, y1 = lay.edges[lay.edge_index(ref.n, ref.i, ref.j)]
            best, pos = -np.inf, None  # zoomed far out every point may be near another edge: take the best
            for t in np.linspace(0.15, 0.85, 57):
                cand = np.array([x0 + t * (x1 - x0), y0 + t * (y1 - y0)])
                margin = self._margin(cand, lay.edge_index(ref.n, ref.i, ref.j))
                if margin > best:
                    best, pos = margin, cand
        vb = self.getViewBox()
        return self.mapFromScene(vb.mapViewToScene(QPointF(*pos)))

    def _margin(self, view_point: np.ndarray, k: int) -> float:
        """Pixels from a point to the nearest edge other than edge k, or to the nearest marker."""
        lay = self.layout_
        scale = np.array(self._px_per_unit())
        p = view_point * scale
        dist = point_segment_distance(p, lay.edges * np.tile(scale, 2))
        dist[k] = np.inf
        markers = np.vstack([lay.nodes, lay.bias_pos]) * scale
        return float(min(dist.min(), np.hypot(*(markers - p).T).min() - lay.node_px / 2))

    def describe(self, name: str) -> str:
        """Return the hover text for an item name, with its current values."""
        snap = self.snapshot
        if not name or snap is None:
            return ""
        if name.startswith("x:"):
            j = int(name[2:])
            values = snap.a[0][:, j]
            return f"{neuron_label(snap.dims, 0, j)} = {self._sample_text(values)}" + (
                "  (each sample)" if self.sample is None and len(values) <= 4 else "")
        ref = parse_param(name, snap.spec)
        if ref.kind == "w":
            return (f"{ref.label} = {num(snap.weights[ref.n][ref.i, ref.j])}   "
                    f"∂C/∂{ref.label} = {num(snap.dC_dW[ref.n][ref.i, ref.j])}")
        if ref.kind == "b":
            return f"{ref.label} = {num(snap.biases[ref.n][ref.i])}   ∂C/∂{ref.label} = {num(snap.dC_db[ref.n][ref.i])}"
        n, i = ref.n, ref.i
        head = neuron_label(snap.dims, n, i)
        if self.sample is None:
            head += f", each of the {len(snap.z[n])} samples" if len(snap.z[n]) <= 4 else ", the batch"
        return (f"{head}\nz({n})_{i} = {self._sample_text(snap.z[n][:, i])}\n"
                f"a({n})_{i} = {self._sample_text(snap.a[n][:, i])}")

    def _sample_text(self, values: np.ndarray) -> str:
        """Return a neuron's value for the chosen sample, or for the batch each sample's (the mean of many)."""
        if self.sample is not None:
            return num(values[self.sample])
        if len(values) <= 4:
            return ", ".join(num(v) for v in values)
        with np.errstate(all="ignore"):
            return f"{num(values.mean())} on average over the {len(values)} samples"

    def leaveEvent(self, ev) -> None:  # noqa: N802 - Qt's name
        """Forget what was hovered once the pointer leaves the graph (no tooltip follows the snapshots then)."""
        if self.hover is not None:
            self.hover = None
            self.hovered.emit("")
            QToolTip.hideText()
        super().leaveEvent(ev)

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        name = self.item_at(self.getViewBox().mapSceneToView(scene_pos))
        self.hover = (name, scene_pos) if name else None
        self.hovered.emit(name)
        self._show_hover()

    def _show_hover(self) -> None:
        # Called on every snapshot too, so that the values under a resting pointer stay live.
        if self.hover and not self._still_there(self.hover[0]):
            self.hover = None  # a bias turned off, say, under a resting pointer
            self.hovered.emit("")
        text = self.describe(self.hover[0]) if self.hover else ""
        if text:
            QToolTip.showText(self.mapToGlobal(self.mapFromScene(self.hover[1])), text, self)
        elif self.hover is None:
            QToolTip.hideText()

    def _still_there(self, name: str) -> bool:
        if name.startswith("x:"):
            return int(name[2:]) < self.snapshot.dims[0]
        return parse_param(name).exists(self.snapshot.spec)

    def _on_mouse_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if event.double():
            return  # handled by mouseDoubleClickEvent
        name = self.item_at(self.getViewBox().mapSceneToView(event.scenePos()))
        self.setFocus()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and self.selected is not None:
            self.select_second(name if name[:1] in ("w", "b") else "")  # a pair: the loss surface
            return
        # a plain click starts a new selection: the pair of an earlier Ctrl+click goes
        self.select(name if name[:1] in ("w", "b", "z") else "", keep_second=False)

    def mouseDoubleClickEvent(self, ev) -> None:  # noqa: N802 - Qt's name
        """Double-click a weight or bias to edit it; elsewhere, fit the whole network again."""
        if ev.button() == Qt.MouseButton.LeftButton and self.layout_ is not None:
            name = self.item_at(self.getViewBox().mapSceneToView(self.mapToScene(ev.position().toPoint())))
            if name[:1] in ("w", "b"):
                self.editRequested.emit(name)
            else:
                self.fit()
        super().mouseDoubleClickEvent(ev)

    def _step_selection(self, delta: int) -> None:
        refs = [r.name for r in all_params(self.snapshot.spec)] if self.snapshot else []
        if not refs:
            return
        current = refs.index(self.selected.name) if self.selected and self.selected.name in refs else -1
        self.select(refs[(current + delta) % len(refs)] if current >= 0 or delta > 0 else refs[-1])

    def event(self, ev) -> bool:
        """Tab and Shift+Tab move the selection instead of the focus."""
        if ev.type() == QEvent.Type.KeyPress and ev.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self._step_selection(-1 if ev.key() == Qt.Key.Key_Backtab else 1)
            return True
        return super().event(ev)

    def keyPressEvent(self, ev) -> None:  # noqa: N802 - Qt's name
        """Escape clears the selection; Up and Down move it through the parameters."""
        if ev.key() == Qt.Key.Key_Escape:
            self.select("")  # and the pair
        elif ev.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self._step_selection(1 if ev.key() == Qt.Key.Key_Down else -1)
        else:
            super().keyPressEvent(ev)
