"""What follows from hovering, selecting and editing on the graph: neuron maps, the loss surface, values.

The link is the one owner of what the window looks at: the selection, the
sample, the hidden neuron mapped and whether the loss slice is on view. It
sends that to the trainer as a ``Focus`` whenever any of it changes; the
trainer works it out and the views paint the answer.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint

from xorgui.core.explanation.lossslice import LossSurface
from xorgui.core.model.params import parse_param
from xorgui.core.session.command import Focus

if TYPE_CHECKING:
    from xorgui.qt.main_window import MainWindow


class SelectionLink:
    """Connects the graph's hover, selection and value editor to the other views and to the trainer."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        view, insp = window.network_view, window.inspector
        view.hovered.connect(self.on_hovered)
        view.selectionChanged.connect(self.on_selection)
        view.pairChanged.connect(lambda _: self.on_selection(view.selected.name if view.selected else ""))
        view.editRequested.connect(self.open_value_editor)
        window.controller.surfaceReady.connect(self.on_surface)
        window.controller.focusChanged.connect(lambda _: self.on_focused())
        window.boundary_plot.planeRequested.connect(lambda _: self.refocus())
        insp.selectRequested.connect(self.select)
        insp.pathHovered.connect(lambda p: view.highlight_path(*p) if p else view.highlight_path(None))
        window.value_editor.returnPressed.connect(self.apply_value_editor)
        window.value_editor.editingFinished.connect(window.value_editor.hide)

    def _hidden_neuron(self, name: str) -> tuple[int, int] | None:
        snap = self.window.snapshot
        if name[:2] in ("z:", "b:") and snap is not None:
            n, i = (int(v) for v in name.split(":")[1:3])
            return (n, i) if n < snap.spec.N else None
        return None

    def on_hovered(self, name: str) -> None:
        """Map a hovered hidden neuron on the boundary plot, else the selected one, else the output."""
        w = self.window
        selected = w.network_view.selected
        neuron = self._hidden_neuron(name) or (self._hidden_neuron(selected.name) if selected else None)
        if neuron != w.boundary_plot.neuron:
            w.boundary_plot.show_neuron(neuron)
        self.refocus()

    @property
    def focus(self) -> Focus:
        """What the window looks at now."""
        w = self.window
        view = w.network_view
        name = view.selected.name if view.selected else ""
        return Focus(name, w.inspector.sample, w.boundary_plot.neuron, self._slice_on(), w.boundary_plot.plane)

    def _slice_on(self) -> bool:
        """Whether the loss slice along one parameter is on view (with a pair, the surface is)."""
        return self.window.slice_plot.isVisible() and self.window.network_view.second is None

    def refocus(self) -> None:
        """Tell the trainer what the window looks at (nothing is sent if that did not change)."""
        self.window.controller.focus(self.focus)

    def on_focused(self) -> None:
        """Paint what the trainer worked out for the state shown: explanation, loss slice, neuron map."""
        w = self.window
        snap, faults = w.snapshot, w.faults
        if snap is None or snap.focused is None:
            return
        faults.run("inspector", w.inspector.set_focused, snap.focused)
        if w.boundary_plot.neuron is not None or w.boundary_plot.mapped is not None:
            faults.run("decision boundary", w.boundary_plot.set_snapshot, snap)
        if self._slice_on():
            view = w.network_view
            faults.run("loss slice", w.slice_plot.set_selection, snap, view.selected.name if view.selected else "")

    def on_selection(self, name: str) -> None:
        """Explain the new selection in the inspector and show it in the tabs."""
        w = self.window
        w.inspector.set_selection(name)
        if w.snapshot is not None:
            w.update_tabs(w.snapshot, force=True)
        self.on_hovered("")

    def on_surface(self, surface: LossSurface) -> None:
        """Show a loss surface the trainer computed, if it is still the one of the pair selected."""
        view = self.window.network_view
        names = (view.selected.name if view.selected else "", view.second.name if view.second else "")
        if tuple(p.name for p in surface.params) == names:  # not an answer to an older request
            self.window.slice_plot.set_surface(surface)

    def select(self, name: str) -> None:
        """Select a parameter or neuron by name; say so in the status bar if there is no such one."""
        try:
            self.window.network_view.select(name)
        except ValueError as exc:
            self.window.statusBar().showMessage(str(exc), 6000)

    def open_value_editor(self, name: str) -> None:
        """Open the in-place editor of a weight or bias on the graph, filled with its value."""
        w = self.window
        snap = w.snapshot
        if snap is None:
            return
        w.network_view.select(name)
        ref = parse_param(name, snap.spec)
        biases = snap.biases
        if ref.kind == "w":
            value = snap.weights[ref.n][ref.i, ref.j]
        elif ref.kind == "b" and biases is not None:
            value = biases[ref.n][ref.i]
        else:
            return
        editor = w.value_editor
        editor.setProperty("param", name)
        editor.setText(f"{value:.10g}")
        editor.adjustSize()
        editor.move(w.network_view.anchor(name) - QPoint(editor.width() // 2, editor.height() // 2))
        editor.show()
        editor.setFocus()
        editor.selectAll()

    def apply_value_editor(self) -> None:
        """Send the edited value to the trainer, or say why it cannot be taken."""
        w = self.window
        text = w.value_editor.text()
        try:
            value = float(text) if "_" not in text else math.nan  # Python reads 1_0 as 10: refused, as elsewhere
            if not math.isfinite(value):
                raise ValueError
        except ValueError:
            w.statusBar().showMessage(f"{text!r} is not a finite number: the value is unchanged", 6000)
            return
        w.value_editor.hide()
        w.edit_parameter(w.value_editor.property("param"), value)
