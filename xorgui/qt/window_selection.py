"""The main window's handling of the selection: neuron maps, the loss surface, editing values."""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, Slot


class SelectionHandlers:
    """Mixin of MainWindow: what follows from hovering, selecting and editing on the graph."""

    def _hidden_neuron(self, name: str) -> tuple[int, int] | None:
        if name[:2] in ("z:", "b:") and self.snapshot is not None:
            n, i = (int(v) for v in name.split(":")[1:3])
            return (n, i) if n < self.snapshot.spec.N else None
        return None

    @Slot(str)
    def _on_hovered(self, name: str) -> None:
        # a hovered hidden neuron's map, else the selected one's, else the output
        selected = self.network_view.selected
        neuron = self._hidden_neuron(name) or (self._hidden_neuron(selected.name) if selected else None)
        if neuron != self.boundary_plot.neuron:
            self.boundary_plot.show_neuron(neuron)

    @Slot(str)
    def _on_selection(self, name: str) -> None:
        self.inspector.set_selection(name)
        if self.snapshot is not None:
            self._update_tabs(self.snapshot, force=True)
        self._on_hovered("")

    def _on_surface(self, surface) -> None:
        view = self.network_view
        names = (view.selected.name if view.selected else "", view.second.name if view.second else "")
        if tuple(p.name for p in surface.params) == names:  # not an answer to an older request
            self.slice_plot.set_surface(surface)

    def _select(self, name: str) -> None:
        try:
            self.network_view.select(name)
        except ValueError as exc:
            self.statusBar().showMessage(str(exc), 6000)

    def _open_value_editor(self, name: str) -> None:
        if self.snapshot is None:
            return
        self.network_view.select(name)
        kind, n, i, *j = (int(v) if v.isdigit() else v for v in name.split(":"))
        value = self.snapshot.weights[n][i, j[0]] if kind == "w" else self.snapshot.biases[n][i]
        editor = self.value_editor
        editor.setProperty("param", name)
        editor.setText(f"{value:.10g}")
        editor.adjustSize()
        editor.move(self.network_view.anchor(name) - QPoint(editor.width() // 2, editor.height() // 2))
        editor.show()
        editor.setFocus()
        editor.selectAll()

    def _apply_value_editor(self) -> None:
        text = self.value_editor.text()
        try:
            value = float(text)
            if not math.isfinite(value):
                raise ValueError
        except ValueError:
            self.statusBar().showMessage(f"{text!r} is not a finite number: the value is unchanged", 6000)
            return
        self.value_editor.hide()
        self.edit_parameter(self.value_editor.property("param"), value)
