"""Once the app is quiet (paused, every snapshot drawn), the views must agree with the snapshot and each other.

Each expected figure is computed here from the snapshot's own arrays (δ, a,
∂C/∂W), not by the code that draws it.
"""

from __future__ import annotations

import math
import re
import time

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QToolBar, QWidget

from tests.monkey.hands import Hands, wait
from xorgui.core.model.notation import num


class Quiet:
    """Brings the app to rest: popups closed, study cancelled, training paused, no snapshot for a while."""

    def __init__(self, window, hands: Hands, log) -> None:
        self.window, self.hands, self.log = window, hands, log
        self.snapshots_seen, self._last_snapshot = 0, time.monotonic()
        window.controller.snapshotChanged.connect(self._on_snapshot)

    def _on_snapshot(self, _snap) -> None:
        self.snapshots_seen += 1
        self._last_snapshot = time.monotonic()

    def settle(self, timeout: float = 10.0) -> str | None:
        """Pause and wait until nothing moves; return why it could not, or None."""
        for _ in range(5):
            if QApplication.activePopupWidget() is None:
                break
            self.hands.key(Qt.Key.Key_Escape)
            wait(20)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.study_running():
                self.hands.click(self._cancel, self._cancel.rect().center())
                _wait_until(lambda: not self.study_running(), 3.0)
            elif self.window.controller.running:
                button = self.play_button()
                self.hands.click(button, button.rect().center())
                _wait_until(lambda: not self.window.controller.running, 3.0)
            if self._is_quiet():
                return None
        return (f"not quiet {timeout:g} s after Pause (running {self.window.controller.running}, "
                f"a study running {self.study_running()})")

    def _is_quiet(self) -> bool:
        if self.window.controller.running or self.study_running():
            return False
        wait(400)
        return not self.window.controller.running and time.monotonic() - self._last_snapshot >= 0.4

    def play_button(self) -> QWidget:
        """The toolbar's Play/Pause button."""
        bar = self.window.findChild(QToolBar)
        return bar.widgetForAction(self.window.action_play)

    @property
    def _cancel(self) -> QPushButton | None:
        dialog = self.window.study_dialog
        return dialog.findChild(QPushButton, "studyCancel") if dialog is not None else None

    def study_running(self) -> bool:
        """True while a convergence study runs (its Cancel button is enabled and shown)."""
        cancel = self._cancel
        return cancel is not None and cancel.isEnabled() and cancel.isVisible()


def _wait_until(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        wait(20)


def check_views(window) -> list[str]:
    """Return what disagrees in a quiet window (an empty list when all is well)."""
    snap = window.snapshot
    if snap is None:
        return ["no snapshot at all"]
    problems = []
    for check in (_status, _graph, _inspector, _loss_plot, _boundary, _truth_table, _loss_slice, _fits_screen,
                  _signals):
        try:
            problems += check(window, snap)
        except Exception as exc:  # noqa: BLE001 - a check that cannot run is itself a finding
            problems.append(f"{check.__name__[1:]} check could not run: {type(exc).__name__}: {exc}")
    return problems


def _same_state(shown, snap) -> bool:
    """Whether a view shows the window's state: that snapshot, or the same one with a newer focus answered.

    A focus answer replaces the window's snapshot by a copy that shares its arrays.
    """
    same = shown is not None and shown.weights is snap.weights and shown.z is snap.z
    return shown is snap or (same and (shown.generation, shown.epoch, shown.live) == (snap.generation, snap.epoch,
                                                                                     snap.live))


def _status(window, snap) -> list[str]:
    text = window.findChild(QLabel, "statusText").text()
    found = re.search(r"epoch\s+([\d,  ]+)", text)
    shown = int(re.sub(r"\D", "", found.group(1))) if found else None
    return [] if shown == snap.epoch else [f"the status bar says {text!r} but the snapshot is at epoch {snap.epoch}"]


def _graph(window, snap) -> list[str]:
    view, problems = window.network_view, []
    if not _same_state(view.snapshot, snap):
        problems.append(f"the graph shows epoch {getattr(view.snapshot, 'epoch', None)} of generation "
                        f"{getattr(view.snapshot, 'generation', None)}, the window has epoch {snap.epoch} of "
                        f"generation {snap.generation}")
    for what, ref in (("selection", view.selected), ("Ctrl+click pair", view.second)):
        if ref is not None and not _exists(ref.name, snap):
            problems.append(f"the graph's {what} {ref.name} does not exist in dims {list(snap.dims)}")
    return problems


def _inspector(window, snap) -> list[str]:
    insp, view = window.inspector, window.network_view
    selected = view.selected.name if view.selected is not None else ""
    if insp.name != selected:
        return [f"the inspector explains {insp.name!r} but the graph has {selected!r} selected"]
    if not selected:
        return []
    problems = []
    if not _same_state(insp.snapshot, snap):
        problems.append(f"the inspector shows epoch {getattr(insp.snapshot, 'epoch', None)}, the window {snap.epoch}")
    ex = insp.explanation
    if ex is None:
        return problems + [f"the inspector has no worked example for {selected}"]
    expected = expected_gradient(snap, selected, insp.sample)
    if not (np.isclose(ex.gradient, expected, rtol=1e-9, atol=1e-14) or (math.isnan(expected) and
                                                                        math.isnan(ex.gradient))):
        problems.append(f"the inspector's ∂C/∂{selected} (sample {insp.sample}) is {ex.gradient!r}; "
                        f"the snapshot's δ and a give {expected!r}")
    elif math.isfinite(expected) and num(expected) == num(ex.gradient) and num(expected) not in insp.plain_text():
        problems.append(f"the inspector's text does not show the gradient {num(expected)}")
    return problems


def expected_gradient(snap, name: str, sample: int | None) -> float:
    """∂C/∂(name) from the snapshot: δ(n)_i · a(n−1)_j per sample, ∂C/∂W of the batch, δ reduced for a sum."""
    kind, n, i, *rest = name.split(":")
    n, i = int(n), int(i)
    if sample is not None:  # any sample: a snapshot over its budget holds the first samples' values only
        delta = snap.sample_values("delta", n, sample)[i]
        return float(delta * snap.sample_values("a", n - 1, sample)[int(rest[0])] if kind == "w" else delta)
    if kind == "w":
        return float(snap.dC_dW[n][i, int(rest[0])])
    if kind == "b":
        return float(snap.dC_db[n][i])
    net = snap.network()  # δ of every sample, which a snapshot over its budget does not hold
    column = net.backward(net.forward(snap.data.X), snap.data.Y).delta[n][:, i] if snap.rows < len(snap.data.X) \
        else snap.delta[n][:, i]
    return float(column.sum() if snap.spec.reduction == "sum" else column.mean())


def _exists(name: str, snap) -> bool:
    kind, n, i, *rest = name.split(":")
    dims, n, i = snap.dims, int(n), int(i)
    ok = 1 <= n < len(dims) and 0 <= i < dims[n]
    if kind == "w":
        ok = ok and 0 <= int(rest[0]) < dims[n - 1]
    return ok and (kind != "b" or snap.biases is not None)


def _loss_plot(window, snap) -> list[str]:
    covered, size = window.loss_plot.point_count, window.controller.history.size
    return [] if covered == size else [f"the loss plot covers {covered} epochs, the history holds {size}"]


def _boundary(window, snap) -> list[str]:
    plot = window.boundary_plot
    if plot.isVisible() and not _same_state(plot.snapshot, snap):
        return [f"the boundary map shows epoch {getattr(plot.snapshot, 'epoch', None)}, the window {snap.epoch}"]
    return []


def _truth_table(window, snap) -> list[str]:
    """The ŷ column, where it is shown, holds the snapshot's outputs (to the digits it prints)."""
    panel = window.logic_panel
    if not panel.isVisible():
        return []
    table = panel.table
    headers = [table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(table.columnCount())]
    if table.rowCount() != len(snap.data.X):
        return [f"the truth table has {table.rowCount()} rows for {len(snap.data.X)} samples"]
    col, problems = headers.index("ŷ"), []
    for r in range(table.rowCount()):
        shown = _numbers(table.samples.text(r, col))
        want = snap.a[-1][r]
        # to the significant digits the table picked for its width
        if shown is not None and not np.allclose(shown, want, rtol=10.0 ** (1 - table.samples.digits), atol=1e-9):
            problems.append(f"the truth table's ŷ of sample {r} reads {shown}, the snapshot's is {want.tolist()}")
    return problems[:1]


def _numbers(text: str) -> list[float] | None:
    try:
        return [float(v) for v in text.replace("−", "-").split(",")]
    except ValueError:  # a word (NaN, ∞, a diverged value said in words)
        return None


def _loss_slice(window, snap) -> list[str]:
    """The slice, where it is shown for one weight or bias, is drawn around its value in the snapshot."""
    plot, view = window.slice_plot, window.network_view
    if not plot.isVisible() or view.selected is None or view.second is not None or view.selected.kind == "z":
        return []
    if plot.slice is None:
        return [f"the loss slice shows nothing for the selected {view.selected.name}"]
    kind, n, i, *j = (int(v) if v.isdigit() else v for v in view.selected.name.split(":"))
    value = float(snap.weights[n][i, j[0]] if kind == "w" else snap.biases[n][i])
    if plot.slice.current != value and not (math.isnan(value) and math.isnan(plot.slice.current)):
        return [f"the loss slice is drawn around {view.selected.name} = {plot.slice.current!r}, the snapshot has "
                f"{value!r}"]
    return []


def _fits_screen(window, snap) -> list[str]:
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    if screen.contains(frame):
        return []
    return [f"the window ({frame.width()}×{frame.height()} at {frame.x()},{frame.y()}) does not fit the "
            f"{screen.width()}×{screen.height()} screen{_culprits(window, screen)}"]


def _culprits(window, screen) -> str:
    """Name the innermost widgets that ask for more room than the screen has (what grew the window)."""
    def too_big(w):
        hint = w.minimumSizeHint()
        return hint.width() > screen.width() or hint.height() > screen.height()

    big = [w for w in window.findChildren(QWidget) if w.isVisible() and too_big(w)]
    inner = [w for w in big if not any(o is not w and w.isAncestorOf(o) for o in big)]
    return "; it needs " + ", ".join(
        f"{w.objectName() or type(w).__name__} {w.minimumSizeHint().width()}×{w.minimumSizeHint().height()}"
        for w in inner[:3]) if inner else ""


def _signals(window, snap) -> list[str]:
    blocked = [w.objectName() or type(w).__name__ for w in window.findChildren(QWidget) if w.signalsBlocked()]
    return [f"widgets left with their signals blocked: {', '.join(blocked)}"] if blocked else []
