"""Pointer and keyboard on the network graph: hover, click to select, Ctrl+click a pair, double-click, keys.

``GraphInput`` is an event filter the graph owns and installs on itself and
its viewport; it talks to the graph only through ``GraphTarget``.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QGraphicsView, QToolTip

from xorgui.core.model.params import ParamRef, all_params, parse_param
from xorgui.core.session.snapshot import Snapshot
from xorgui.qt.widgets import show_readout

STEP_KEYS = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_Tab: 1, Qt.Key.Key_Backtab: -1}


class GraphTarget(Protocol):
    """What the input asks of the graph it serves: what it shows, what lies under a point, and the selection."""

    @property
    def snapshot(self) -> Snapshot | None:
        """The snapshot drawn."""

    @property
    def sample(self) -> int | None:
        """The sample whose values the neurons show (None: all)."""

    @property
    def selected(self) -> ParamRef | None:
        """The selected weight, bias or sum."""

    def item_at_scene(self, scene_pos: QPointF) -> str:
        """Return the name of the item under a point of the scene, or ''."""

    def describe(self, name: str) -> str:
        """Return the hover text of an item ('' for none)."""

    def select(self, name: str, keep_second: bool = True) -> None:
        """Select an item ('' clears); see ``NetworkView.select``."""

    def select_second(self, name: str) -> None:
        """Choose the second weight or bias of a pair ('' clears)."""

    def fit(self) -> None:
        """Show the whole network."""


class GraphInput(QObject):
    """What the pointer and the keys do on the network graph, and what lies under a resting pointer.

    Signals: ``hovered(str)`` the name under the pointer ('' for none),
    ``editRequested(str)`` a weight or bias was double-clicked.
    """

    hovered = Signal(str)
    editRequested = Signal(str)

    def __init__(self, target: GraphTarget, view: QGraphicsView, scene: Any) -> None:
        super().__init__(view)
        self._target, self._view = target, view
        self.hover: tuple[str, QPointF] | None = None  # (name, scene position) under the pointer
        scene.sigMouseMoved.connect(self._on_mouse_moved)  # pyqtgraph's GraphicsScene
        scene.sigMouseClicked.connect(self._on_mouse_clicked)
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Take the keys that move or clear the selection; act on a double-click and on the pointer leaving."""
        kind = event.type()
        if watched is self._view:
            if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                return self._key(event)
            if kind == QEvent.Type.Leave:
                self.forget()
        elif kind == QEvent.Type.MouseButtonDblClick and isinstance(event, QMouseEvent):
            self._double_click(event)
        elif kind == QEvent.Type.ToolTip and self.hover is not None:
            return True  # Qt's own tooltip for a resting pointer: the scene has none and would hide the readout
        return False  # the view goes on handling it as before

    def forget(self) -> None:
        """Forget what was hovered (the pointer left, or what was under it moved): no tooltip follows."""
        if self.hover is not None:
            self.hover = None
            self.hovered.emit("")
            QToolTip.hideText()

    def refresh(self) -> None:
        """Show the live values of what lies under a resting pointer (called on every snapshot)."""
        if self.hover is None:
            return
        if not self._still_there(self.hover[0]):
            self.forget()  # a bias turned off, say, under a resting pointer
            return
        text = self._target.describe(self.hover[0])
        if text:
            view = self._view
            show_readout(view.mapToGlobal(view.mapFromScene(self.hover[1])), text, view)

    def _still_there(self, name: str) -> bool:
        snap = self._target.snapshot
        if snap is None:
            return False
        if name.startswith("x:"):
            return int(name[2:]) < snap.dims[0]
        return parse_param(name).exists(snap.spec)

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        name = self._target.item_at_scene(scene_pos)
        self.hover = (name, scene_pos) if name else None
        self.hovered.emit(name)
        if self.hover is None:
            QToolTip.hideText()
        self.refresh()

    def _on_mouse_clicked(self, event: Any) -> None:  # pyqtgraph's MouseClickEvent
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return  # a double-click is handled by the event filter
        target = self._target
        name = target.item_at_scene(event.scenePos())
        self._view.setFocus()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and target.selected is not None:
            target.select_second(name if name[:1] in ("w", "b") else "")  # a pair: the loss surface
            return
        # a plain click starts a new selection: the pair of an earlier Ctrl+click goes
        target.select(name if name[:1] in ("w", "b", "z") else "", keep_second=False)

    def _double_click(self, event: QMouseEvent) -> None:
        """Double-click a weight or bias to edit it; elsewhere, fit the whole network again."""
        if event.button() != Qt.MouseButton.LeftButton or self._target.snapshot is None:
            return
        name = self._target.item_at_scene(self._view.mapToScene(event.position().toPoint()))
        if name[:1] in ("w", "b"):
            self.editRequested.emit(name)
        else:
            self._target.fit()

    def _key(self, event: QKeyEvent) -> bool:
        """Escape clears the selection; Tab, Shift+Tab, Up and Down move it through the parameters.

        Tab past the last parameter, or Shift+Tab before the first (or with
        none selected), leaves the graph for the next control, as Tab does
        anywhere else: the keyboard is never caught in the graph.
        """
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self._target.select("")  # and the pair
            return True
        if key in STEP_KEYS:
            delta = STEP_KEYS[Qt.Key(key)]
            refs, current = self._params()
            leaving = current + delta >= len(refs) if delta > 0 else current <= 0
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and leaving:
                return False
            self._step_selection(delta)
            return True
        return False

    def _params(self) -> tuple[list[str], int]:
        """Return the parameters' names in order and the index of the selected one (-1: none)."""
        snap, selected = self._target.snapshot, self._target.selected
        refs = [r.name for r in all_params(snap.spec)] if snap is not None else []
        return refs, refs.index(selected.name) if selected and selected.name in refs else -1

    def _step_selection(self, delta: int) -> None:
        refs, current = self._params()
        if not refs:
            return
        self._target.select(refs[(current + delta) % len(refs)] if current >= 0 or delta > 0 else refs[-1])
