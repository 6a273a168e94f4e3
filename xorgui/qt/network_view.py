"""The network graph: neurons, weights, biases and the cost node, live, with a selection."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal

from xorgui.core.explanation.diagnostics import diagnose_sums
from xorgui.core.explanation.graph import (
    FAINTEST,
    Layout,
    bin_edges,
    fitted_ranges,
    layout,
    sample_values,
    short,
    strongest,
    weight_scale,
)
from xorgui.core.explanation.logic import unit_logic
from xorgui.core.explanation.pathgraph import path_subgraph
from xorgui.core.model.params import ParamRef, parse_param
from xorgui.core.session.snapshot import Snapshot
from xorgui.qt.edges import EdgeItem
from xorgui.qt.graph_labels import GraphLabels
from xorgui.qt.graph_nodes import GraphNodes
from xorgui.qt.network_input import NetworkInput, neuron_label

MAX_EDGES = 2000  # beyond this many, only the strongest weights are drawn: the rest lie under them
ENCODINGS = {"weight": ("weights", "biases", "weight"), "gradient": ("dC_dW", "dC_db", "∂C/∂w"),
             "update": ("last_dW", "last_db", "Δw")}
DIM_PEN = pg.mkPen((228, 228, 228), width=1)
MARK_PEN = pg.mkPen((20, 20, 20), width=7)
SECOND_PEN = pg.mkPen((20, 20, 20), width=7, style=Qt.PenStyle.DotLine)


class NetworkView(NetworkInput, pg.PlotWidget):
    """Draws a snapshot's network; hover shows values, a click selects.

    All edges are painted by one item with one ``drawLines`` call per colour
    and width class: per-edge pens paint in a Python loop and are far too
    slow for thousands of edges.

    Signals: ``hovered(str)`` the name under the pointer, ``selectionChanged(str)``
    the selected name ('' for none), ``editRequested(str)`` a weight or bias
    was double-clicked, ``legendChanged(float, int, str)`` scale, edges not
    drawn, quantity shown.
    """

    hovered = Signal(str)
    selectionChanged = Signal(str)
    pairChanged = Signal(str)
    editRequested = Signal(str)
    legendChanged = Signal(float, int, str)
    fillScaleChanged = Signal(float)  # neurons are filled by a / this, on the diverging palette

    def __init__(self, parent=None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("networkView")
        self.hideAxis("left")
        self.hideAxis("bottom")
        self.setMenuEnabled(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.layout_: Layout | None = None
        self.snapshot: Snapshot | None = None
        self.selected: ParamRef | None = None
        self.second: ParamRef | None = None  # a second weight or bias (Ctrl+click): the loss surface
        self.path: tuple | None = None  # (edges, neurons) of one hovered path
        self._highlight_cache: tuple | None = None
        self.encoding, self.scale, self.hidden_edges = "weight", 1.0, 0
        self.sample: int | None = None  # the sample whose values the neurons show; None: the mean over all
        self._fill_top = 1.0
        self.hover: tuple | None = None  # (name, scene position) under the pointer
        self.edges = EdgeItem()
        self.addItem(self.edges)
        self.labels = GraphLabels(self, neuron_label)
        self.fitted, self._fitting = True, False  # the view shows the whole network (no zoom or pan since)
        self.markers = GraphNodes(self)
        self.findings: list = []
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.getViewBox().sigRangeChangedManually.connect(self._on_zoomed)
        self.getViewBox().sigResized.connect(self._on_resized)
        self.scene().sigMouseClicked.connect(self._on_mouse_clicked)

    # --- state -------------------------------------------------------------------------------

    def set_sample(self, index: int | None) -> None:
        """Fill the neurons with the activations of sample ``index`` (None: their mean over the samples)."""
        self.sample = index
        if self.snapshot is not None:
            self._draw_nodes(self.snapshot)

    def set_encoding(self, encoding: str) -> None:
        """Colour the edges by "weight", "gradient" (∂C/∂w) or "update" (the last Δw)."""
        self.encoding = encoding
        if self.snapshot is not None:
            self._redraw()

    def select(self, name: str, keep_second: bool = True) -> None:
        """Select ``w:n:i:j``, ``b:n:i`` or ``z:n:i``; emit selectionChanged.

        ``""`` clears the selection and the second choice of a pair with it;
        ``keep_second=False`` (a plain click) clears the pair too.

        Raises
        ------
        ValueError
            If the name does not exist in the current network.
        """
        ref = parse_param(name, self.snapshot.spec) if name and self.snapshot else None
        second = self.second if ref is not None and keep_second else None
        self._set_selection(ref, second)

    def select_second(self, name: str) -> None:
        """Choose a second weight or bias (``""`` clears) to see C over the pair; emit pairChanged."""
        ref = parse_param(name, self.snapshot.spec) if name and self.snapshot else None
        if ref is not None and ref.kind not in ("w", "b"):
            raise ValueError(f"{name}: the second choice must be a weight or a bias")
        self._set_selection(self.selected, ref)

    def _set_selection(self, selected: ParamRef | None, second: ParamRef | None) -> None:
        """Change both choices at once, redraw once, then tell (so that no redraw sees half a change)."""
        first_changed, second_changed = selected != self.selected, second != self.second
        if not (first_changed or second_changed):
            return
        self.selected, self.second = selected, second
        if first_changed:
            self.path, self._highlight_cache = None, None
        if self.snapshot is not None and self.layout_ is not None:
            self._redraw()
        if first_changed:
            self.selectionChanged.emit(selected.name if selected else "")
        if second_changed:
            self.pairChanged.emit(second.name if second else "")

    def highlight_path(self, edges: list | None, neurons: list | None = None) -> None:
        """Highlight just one path (its weights (n, i, j) and neurons (n, i)); None: every path."""
        self.path = (edges, neurons) if edges is not None else None
        self._highlight_cache = None
        if self.snapshot is not None:
            self._redraw()

    def set_snapshot(self, snap: Snapshot) -> None:
        """Draw a snapshot (rebuilding the layout when the dims changed).

        A selection that no longer exists is cleared; so is the second choice
        of a pair whenever the network's architecture changes.
        """
        new_spec = self.snapshot is None or self.snapshot.spec != snap.spec
        if self.layout_ is None or self.layout_.dims != snap.dims:
            self._relayout(snap.dims)
            if self.hover is not None:  # what was under the pointer has moved or gone
                self.hover = None
                self.hovered.emit("")
        self.snapshot = snap
        if self.sample is not None and self.sample >= len(snap.data.X):
            self.sample = None
        selected = self.selected if self.selected is not None and self.selected.exists(snap.spec) else None
        second = None if new_spec or selected is None else self.second
        if (selected, second) != (self.selected, self.second):
            self._set_selection(selected, second)  # redraws
        else:
            self._redraw()
        if self.hover is not None:
            self._show_hover()

    # --- drawing -----------------------------------------------------------------------------

    def _relayout(self, dims: tuple) -> None:
        self.layout_ = lay = layout(dims)
        self._highlight_cache = None
        self.labels.build(lay)
        self.edges.set_geometry(lay.edges)
        self.markers.build(lay)
        self.fit()

    def fit(self) -> None:
        """Show the whole network, with room for its labels; the richest labels that fit are shown."""
        if self.layout_ is None:
            return
        lay, labels = self.layout_, self.labels
        rect = self.getViewBox().sceneBoundingRect()
        size = (max(rect.width(), 1.0), max(rect.height(), 1.0))
        for mode in labels.modes():
            x_range, y_range = fitted_ranges(lay, size, labels.margins(mode, lay.node_px))
            spacing_px = lay.spacing * size[1] / (y_range[1] - y_range[0])
            if lay.spacing == 0 or spacing_px >= labels.needs(mode, lay.node_px):
                break
        self._fitting = True
        self.setRange(xRange=x_range, yRange=y_range, padding=0)
        self._fitting = False
        self.fitted = True
        labels.place(mode, lay.node_px)

    def _on_zoomed(self, *_: object) -> None:
        self.fitted = False  # the learner's zoom or pan stays until a double-click fits again

    def _on_resized(self, *_: object) -> None:
        """Keep showing the whole network when the view is resized, unless the learner zoomed."""
        if self.layout_ is not None and self.fitted and not self._fitting:
            self.fit()

    def _redraw(self) -> None:
        self._draw_edges(self.snapshot)
        self._draw_nodes(self.snapshot)

    def _highlight(self) -> tuple[np.ndarray | None, set | None]:
        """Return the mask of highlighted edges and the set of highlighted neurons (None: no selection).

        It depends on the layout, the selection and the hovered path only, not on
        the weights: computed once per change of those, not on every frame.
        """
        if self._highlight_cache is None:
            self._highlight_cache = self._compute_highlight()
        return self._highlight_cache

    def _compute_highlight(self) -> tuple[np.ndarray | None, set | None]:
        if self.selected is None:
            return None, None
        lay = self.layout_
        if self.path is not None:
            edges, neurons = self.path
        else:
            edges, neurons = path_subgraph(lay.dims, self.selected)
        mask = np.zeros(len(lay.edges), bool)
        mask[[lay.edge_index(*e) for e in edges]] = True
        return mask, set(neurons)

    def _draw_edges(self, snap: Snapshot) -> None:
        w_key, b_key, title = ENCODINGS[self.encoding]
        values = np.concatenate([w.ravel() for w in getattr(snap, w_key)[1:]])
        biases = np.concatenate(getattr(snap, b_key)[1:]) if snap.biases else np.empty(0)
        self.scale = weight_scale(np.concatenate([values, biases]))
        few = len(values) <= 600  # wider pens and faint weak edges; thousands of tinted lines would be a solid block
        widths = (1, 2, 3, 4) if few else (1,)
        keep = strongest(values, MAX_EDGES)
        mask, _ = self._highlight()
        below, above, dimmed = [], [], 0
        if mask is not None:  # dim what is off the paths, mark the selected weight
            below = [(DIM_PEN, self.layout_.edges[keep[~mask[keep]]])]
            dimmed = len(below[0][1])
            keep = np.flatnonzero(mask) if mask.sum() <= MAX_EDGES else keep[mask[keep]]
            if self.selected.kind == "w":
                k = self.layout_.edge_index(self.selected.n, self.selected.i, self.selected.j)
                below.append((MARK_PEN, self.layout_.edges[[k]]))
        if self.second is not None and self.second.kind == "w":
            k = self.layout_.edge_index(self.second.n, self.second.i, self.second.j)
            below.append((SECOND_PEN, self.layout_.edges[[k]]))
        bins = bin_edges(values[keep], self.scale, widths=widths, faintest=FAINTEST if few else 0.0)
        self.edges.set_edges(self.layout_.edges[keep], bins, below, above)
        self.hidden_edges = len(values) - len(keep) - dimmed + bins.hidden
        self.legendChanged.emit(self.scale, self.hidden_edges, title)

    def _draw_nodes(self, snap: Snapshot) -> None:
        acts = np.concatenate([sample_values(a, self.sample) for a in snap.a])
        finite = np.abs(acts[np.isfinite(acts)])
        top = max(1.0, float(finite.max()) if finite.size else 1.0)
        self.markers.fill(self.markers.nodes, acts, top)
        if top != self._fill_top:
            self._fill_top = top
            self.fillScaleChanged.emit(top)
        self.markers.biases.setVisible(bool(snap.biases))
        if snap.biases:
            biases = np.concatenate(getattr(snap, ENCODINGS[self.encoding][1])[1:])
            self.markers.fill(self.markers.biases, biases, self.scale)
        self._draw_values(snap)
        self.findings = diagnose_sums(snap.spec.activations, snap.z)
        self.markers.warn_about([(f.n, f.i) for f in self.findings])
        self.markers.outline(self._highlight()[1])
        self.markers.mark(self.selected)

    def _draw_values(self, snap: Snapshot) -> None:
        if not self.labels.values or self.labels.mode != "values":
            return
        lay, r = self.layout_, self.sample
        units = {(u.n, u.i): u for u in unit_logic(snap.network())}
        z_name, a_name = ("z", "a") if r is not None else ("z̄", "ā")  # a bar: the mean over the samples
        texts = []
        for n, i in zip(lay.layer_of, lay.index_of):
            a = sample_values(snap.a[n], r)[i]
            text = short(a) if n == 0 else f"{z_name} {short(sample_values(snap.z[n], r)[i])}\n{a_name} {short(a)}"
            if (n, i) in units:  # the Boolean function it forms on the corners, and how clearly
                text += f"\n{units[n, i].summary}"
            texts.append(text)
        self.labels.set_values(texts)
