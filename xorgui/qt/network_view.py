"""The network graph: neurons, weights, biases and the cost node, live, with a selection."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtWidgets import QWidget

from xorgui.core.explanation.diagnostics import Finding
from xorgui.core.explanation.graph import (
    FAINTEST,
    Layout,
    bin_edges,
    fitted_ranges,
    layout,
    strongest,
    weight_scale,
)
from xorgui.core.explanation.pathgraph import path_subgraph
from xorgui.core.model.params import ParamRef, parse_param
from xorgui.core.session.snapshot import Snapshot
from xorgui.qt.edges import EdgeItem, PenGroup
from xorgui.qt.graph_hits import anchor_point, edge_row, item_at
from xorgui.qt.graph_input import GraphInput
from xorgui.qt.graph_labels import GraphLabels
from xorgui.qt.graph_nodes import GraphNodes
from xorgui.qt.graph_phase import NO_BINS, PhaseLabels, Shown, lit_groups, text_at
from xorgui.qt.graph_text import describe, neuron_label, value_texts

Path = tuple[list[tuple[int, int, int]], list[tuple[int, int]]]  # the weights (n, i, j) and neurons (n, i) of a path
Highlight = tuple[np.ndarray | None, set[tuple[int, int]] | None]

MAX_EDGES = 2000  # beyond this many, only the strongest weights are drawn: the rest lie under them
NODE_SHARE, MIN_NODE_PX = 0.8, 6.0  # a dense layer's neurons span this share of their spacing, down to this size
ENCODINGS = {"weight": ("weights", "biases", "weight"), "gradient": ("dC_dW", "dC_db", "∂C/∂w"),
             "update": ("last_dW", "last_db", "Δw")}
DIM_PEN = pg.mkPen((228, 228, 228), width=1)
MARK_PEN = pg.mkPen((20, 20, 20), width=7)
SECOND_PEN = pg.mkPen((20, 20, 20), width=7, style=Qt.PenStyle.DotLine)


class NetworkView(pg.PlotWidget):
    """Draws a snapshot's network; hover shows values, a click selects.

    All edges are painted by one item with one path per colour and width
    class: per-edge pens paint in a Python loop and are far too slow for
    thousands of edges. The view paints what the snapshot carries
    (its arrays and its derived data); the pointer and the keys are handled
    by the ``GraphInput`` it owns.

    Signals: ``hovered(str)`` the name under the pointer, ``selectionChanged(str)``
    the selected name ('' for none), ``pairChanged(str)`` the second choice of a
    pair, ``editRequested(str)`` a weight or bias was double-clicked,
    ``legendChanged(float, int, str)`` scale, edges not drawn, quantity shown,
    ``fillScaleChanged(float)`` neurons are filled by a / this, on the diverging palette.
    """

    hovered = Signal(str)
    selectionChanged = Signal(str)
    pairChanged = Signal(str)
    editRequested = Signal(str)
    legendChanged = Signal(float, int, str)
    fillScaleChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
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
        self.path: Path | None = None  # one hovered path
        self._highlight_cache: Highlight | None = None
        self.encoding, self.scale, self.hidden_edges = "weight", 1.0, 0
        self.sample: int | None = None  # the sample whose values the neurons show; None: the mean over all
        self._fill_top = 1.0
        self.edges = EdgeItem()
        self.addItem(self.edges)
        self.labels = GraphLabels(self, neuron_label)
        self.fitted, self._fitting = True, False  # the view shows the whole network (no zoom or pan since)
        self._full_node_px = 30.0
        self.markers = GraphNodes(self)
        self.findings: tuple[Finding, ...] = ()
        self.shown_phase: Shown | None = None  # a phase of a step-through, painted instead of the weights
        self.phase_labels = PhaseLabels(self, self.labels)
        self.input = GraphInput(self, self, self.scene())
        self.input.hovered.connect(self.hovered)
        self.input.editRequested.connect(self.editRequested)
        self.getViewBox().sigRangeChangedManually.connect(self._on_zoomed)
        self.getViewBox().sigResized.connect(self._on_resized)
        self.getViewBox().sigRangeChanged.connect(self._place_phase)

    @property
    def hover(self) -> tuple[str, QPointF] | None:
        """The name under the pointer and its scene position, or None."""
        return self.input.hover

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
            self._redraw(self.snapshot)

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
            self._redraw(self.snapshot)
        if first_changed:
            self.selectionChanged.emit(selected.name if selected else "")
        if second_changed:
            self.pairChanged.emit(second.name if second else "")

    def set_phase(self, shown: Shown | None) -> None:
        """Paint a phase of a step-through: its edges lit, its numbers beside its neurons (None: the weights again)."""
        self.shown_phase = shown
        if shown is None:
            self.phase_labels.clear()
            if self.layout_ is not None:
                self.labels.place(self.labels.mode, self.layout_.node_px)  # the values under the neurons again
        if self.snapshot is not None:
            self._redraw(self.snapshot)
        self.input.refresh()

    def describe(self, name: str) -> str:
        """Return the hover text of ``name``: the phase's line for it, if the phase lights it, else its values."""
        text = text_at(self.shown_phase, name) if self.shown_phase is not None and name else ""
        return text or describe(self.snapshot, name, self.sample)

    def _place_phase(self, *_: object) -> None:
        """Show the phase's numbers that fit at this zoom, instead of the values under the neurons."""
        if self.shown_phase is not None and self.layout_ is not None:
            for label in self.labels.values:
                label.item.setVisible(False)
            y_range = self.getViewBox().viewRange()[1]
            self.phase_labels.show(self.layout_, self.shown_phase, self._px_per_unit(), (y_range[0], y_range[1]))

    def highlight_path(self, edges: Collection[tuple[int, int, int]] | None,
                       neurons: Collection[tuple[int, int]] | None = None) -> None:
        """Highlight just one path (its weights (n, i, j) and neurons (n, i)); None: every path."""
        self.path = (list(edges), list(neurons or ())) if edges is not None else None
        self._highlight_cache = None
        if self.snapshot is not None:
            self._redraw(self.snapshot)

    def set_snapshot(self, snap: Snapshot) -> None:
        """Draw a snapshot (rebuilding the layout when the dims changed).

        A selection that no longer exists is cleared; so is the second choice
        of a pair whenever the network's architecture changes.
        """
        new_spec = self.snapshot is None or self.snapshot.spec != snap.spec
        if self.layout_ is None or self.layout_.dims != snap.dims:
            self._relayout(snap.dims)
            self.input.forget()  # what was under the pointer has moved or gone
        self.snapshot = snap
        if self.sample is not None and self.sample >= len(snap.data.X):
            self.sample = None
        selected = self.selected if self.selected is not None and self.selected.exists(snap.spec) else None
        second = None if new_spec or selected is None else self.second
        if (selected, second) != (self.selected, self.second):
            self._set_selection(selected, second)  # redraws
        else:
            self._redraw(snap)
        self.input.refresh()

    # --- where things are --------------------------------------------------------------------

    def _px_per_unit(self) -> np.ndarray:
        """Pixels per view unit along x and y."""
        vb = self.getViewBox()
        (x0, x1), (y0, y1) = vb.viewRange()
        rect = vb.sceneBoundingRect()
        return np.array([rect.width() / max(x1 - x0, 1e-12), rect.height() / max(y1 - y0, 1e-12)])

    def item_at(self, view_pos: QPointF) -> str:
        """Return the name (``w:n:i:j``, ``b:n:i``, ``z:n:i``, ``x:j``) under a point in view coordinates, or ''.

        Bias markers win over neurons, neurons over edges; among edges within
        a few pixels, the nearest.
        """
        if self.layout_ is None:
            return ""
        biases = self.snapshot is not None and self.snapshot.biases is not None
        return item_at(self.layout_, self._px_per_unit(), np.array([view_pos.x(), view_pos.y()]), biases)

    def item_at_scene(self, scene_pos: QPointF) -> str:
        """Return the name under a point of the scene, or '' (see ``item_at``)."""
        return self.item_at(self.getViewBox().mapSceneToView(scene_pos))

    def anchor(self, name: str) -> QPoint:
        """Return the point, in viewport coordinates, where a click selects ``name``.

        For a weight: the point of its edge farthest from every other edge
        and marker, so that crossings never make the click ambiguous.

        Raises
        ------
        ValueError
            If nothing is drawn yet or ``name`` does not exist in the network drawn.
        """
        if self.layout_ is None or self.snapshot is None:
            raise ValueError(f"{name}: no network is drawn yet")
        pos = anchor_point(self.layout_, self._px_per_unit(), parse_param(name, self.snapshot.spec))
        return self.mapFromScene(self.getViewBox().mapViewToScene(QPointF(*pos)))

    # --- drawing -----------------------------------------------------------------------------

    def _relayout(self, dims: tuple[int, ...]) -> None:
        self.layout_ = lay = layout(dims)
        self._full_node_px = lay.node_px  # the layout's diameter; a fit draws neurons smaller where a layer is dense
        self._highlight_cache = None
        self.shown_phase = None  # a phase of the old network's
        self.phase_labels.clear()
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
        full = self._full_node_px
        for mode in labels.modes():
            x_range, y_range = fitted_ranges(lay, size, labels.margins(mode, full))
            spacing_px = lay.spacing * size[1] / (y_range[1] - y_range[0])
            if lay.spacing == 0 or spacing_px >= labels.needs(mode, full):
                break
        node_px = full
        if lay.spacing and mode == "ends":  # no names between neighbours: neurons smaller, never touching
            node_px = max(MIN_NODE_PX, min(full, NODE_SHARE * spacing_px))
            x_range, y_range = fitted_ranges(lay, size, labels.margins(mode, node_px))
        if node_px != lay.node_px:
            self._resize_nodes(replace(lay, node_px=node_px))
        self._fitting = True
        self.setRange(xRange=x_range, yRange=y_range, padding=0)
        self._fitting = False
        self.fitted = True
        labels.place(mode, node_px)
        self._place_phase()

    def _resize_nodes(self, lay: Layout) -> None:
        """Draw (and hit-test) the neurons as wide as ``lay`` says, the rings and bias squares with them."""
        self.layout_ = lay
        self.markers.resize(lay)
        if self.snapshot is not None and self.snapshot.dims == lay.dims:  # a new network's are drawn with it
            self.markers.warn_about([(f.n, f.i) for f in self.findings])
            self.markers.mark(self.selected)

    def _on_zoomed(self, *_: object) -> None:
        self.fitted = False  # the learner's zoom or pan stays until a double-click fits again

    def _on_resized(self, *_: object) -> None:
        """Keep showing the whole network when the view is resized, unless the learner zoomed."""
        if self.layout_ is not None and self.fitted and not self._fitting:
            self.fit()

    def _redraw(self, snap: Snapshot) -> None:
        self._draw_edges(snap)
        self._draw_nodes(snap)

    def _highlight(self, lay: Layout) -> Highlight:
        """Return the mask of highlighted edges and the set of highlighted neurons (None: no selection).

        It depends on the layout, the selection and the hovered path only, not on
        the weights: computed once per change of those, not on every frame.
        """
        if self._highlight_cache is None:
            self._highlight_cache = self._compute_highlight(lay)
        return self._highlight_cache

    def _compute_highlight(self, lay: Layout) -> Highlight:
        if self.selected is None:
            return None, None
        edges: Collection[tuple[int, int, int]]
        neurons: Collection[tuple[int, int]]
        edges, neurons = self.path if self.path is not None else path_subgraph(lay.dims, self.selected)
        mask = np.zeros(len(lay.edges), bool)
        mask[[lay.edge_index(*e) for e in edges]] = True
        return mask, set(neurons)

    def _draw_edges(self, snap: Snapshot) -> None:
        lay = self.layout_
        if lay is None:
            return
        if self.shown_phase is not None:
            weights = np.concatenate([w.ravel() for w in snap.weights[1:]])
            self.edges.set_edges(lay.edges[:0], NO_BINS, lit_groups(lay, self.shown_phase, DIM_PEN, weights))
            return
        w_key, b_key, title = ENCODINGS[self.encoding]
        values = np.concatenate([w.ravel() for w in getattr(snap, w_key)[1:]])
        biases = np.concatenate(getattr(snap, b_key)[1:]) if snap.biases else np.empty(0)
        self.scale = weight_scale(np.concatenate([values, biases]))
        few = len(values) <= 600  # wider pens and faint weak edges; thousands of tinted lines would be a solid block
        widths = (1, 2, 3, 4) if few else (1,)
        keep = strongest(values, MAX_EDGES)
        mask, _ = self._highlight(lay)
        below: list[PenGroup] = []
        dimmed = 0
        if mask is not None and self.selected is not None:  # dim what is off the paths, mark the selected weight
            below = [(DIM_PEN, lay.edges[keep[~mask[keep]]])]
            dimmed = len(below[0][1])
            keep = np.flatnonzero(mask) if mask.sum() <= MAX_EDGES else keep[mask[keep]]
            if self.selected.kind == "w":
                below.append((MARK_PEN, lay.edges[[edge_row(lay, self.selected)]]))
        if self.second is not None and self.second.kind == "w":
            below.append((SECOND_PEN, lay.edges[[edge_row(lay, self.second)]]))
        bins = bin_edges(values[keep], self.scale, widths=widths, faintest=FAINTEST if few else 0.0)
        self.edges.set_edges(lay.edges[keep], bins, below)
        self.hidden_edges = len(values) - len(keep) - dimmed + bins.hidden
        self.legendChanged.emit(self.scale, self.hidden_edges, title)

    def _draw_nodes(self, snap: Snapshot) -> None:
        lay = self.layout_
        if lay is None:
            return
        acts = np.concatenate([snap.sample_values("a", n, self.sample) for n in range(len(snap.dims))])
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
        self._draw_values(snap, lay)
        self.findings = snap.derived.findings  # computed with the snapshot, as the panels show them
        self.markers.warn_about([(f.n, f.i) for f in self.findings])
        if self.shown_phase is not None:
            self.markers.outline(set(self.shown_phase.phase.lights.neurons))
        else:
            self.markers.outline(self._highlight(lay)[1])
        self.markers.mark(self.selected)

    def _draw_values(self, snap: Snapshot, lay: Layout) -> None:
        if self.shown_phase is not None:
            self._place_phase()
            return
        if self.labels.values and self.labels.mode == "values":
            self.labels.set_values(value_texts(snap, lay, self.sample))
