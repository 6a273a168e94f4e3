"""The monkey's repertoire: what a person does to every control of the main window, drawn at random.

Controls are found by their type (every visible line edit, combo box, check
box, spin box, button, tab bar, slider, plot and list), so a control added
later is exercised too; the network graph gets more: its targets are the
points where ``anchor(name)`` says a parameter is. Every draw comes from the
event's own generator, seeded by (seed, event number): the events drawn do
not depend on how many draws earlier events took.
"""

from __future__ import annotations

import traceback
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QGraphicsView,
    QLineEdit,
    QMenu,
    QPushButton,
    QSlider,
    QSplitterHandle,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from tests.monkey.checks import Quiet, check_views
from tests.monkey.files import ModelFiles
from tests.monkey.hands import LEFT, RIGHT, Hands, NotSentError, visible, wait
from tests.monkey.vocab import CTRL, GENERIC, KEYS, NAMES_BAD, NO_MOD, SHIFT, SPINS, TEXTS, K


def pick(rng: np.random.Generator, seq):
    """One element of ``seq``, drawn by ``rng``."""
    return seq[int(rng.integers(len(seq)))]


def point_in(rng: np.random.Generator, widget: QWidget) -> QPoint:
    """A random point of the visible part of ``widget``."""
    r = widget.visibleRegion().boundingRect()
    if r.isEmpty():
        raise NotSentError(f"{name_of(widget)} is squeezed to nothing or hidden")
    return QPoint(int(rng.integers(r.left(), r.right() + 1)), int(rng.integers(r.top(), r.bottom() + 1)))


def name_of(widget: QWidget) -> str:
    """How the log names a widget."""
    parent = widget.parent()
    return widget.objectName() or f"{type(widget).__name__} in {(parent.objectName() if parent else '') or '?'}"


def graph_names(snap) -> list[str]:
    """Every weight, bias and sum of the snapshot's network (the names ``anchor`` takes)."""
    dims, names = snap.dims, []
    for n in range(1, len(dims)):
        for i in range(dims[n]):
            names += [f"z:{n}:{i}"] + ([f"b:{n}:{i}"] if snap.biases is not None else [])
            names += [f"w:{n}:{i}:{j}" for j in range(dims[n - 1])]
    return names


class Monkey:
    """Sends one random event (or a short gesture) at a time to the window.

    Parameters
    ----------
    window : MainWindow
        The app.
    log : EventLog
        Each event is logged before it is sent (a crash leaves it in the log).
    guard : Guard
        Where failures go.
    folder : Path
        Where the model files it opens are written (and saved ones go).
    """

    def __init__(self, window, log, guard, folder: Path) -> None:
        self.window, self.log, self.guard = window, log, guard
        self.files = ModelFiles(window, log, guard, folder)
        self.hands = Hands()
        self.quiet = Quiet(window, self.hands, log)
        self.index = 0
        self.actions = [(9, self.graph_hover), (9, self.graph_click), (3, self.graph_double_click),
                        (3, self.graph_wheel), (3, self.graph_drag), (10, self.edit_text), (6, self.combo),
                        (3, self.checkbox), (3, self.spin), (4, self.button), (8, self.toolbar), (3, self.tab),
                        (4, self.slider), (8, self.plot), (3, self.item_view), (8, self.key), (2, self.type_junk),
                        (2, self.menu), (1, self.study), (2, self.files.open_one), (1, self.files.save_and_reopen),
                        (2, self.rest), (1, self.sweep), (3, self.click_anywhere), (2, self.wheel_anywhere),
                        (2, self.splitter), (1, self.check)]
        weights = np.array([w for w, _ in self.actions], float)
        self._p = weights / weights.sum()

    # --- the loop ------------------------------------------------------------------------------

    def step(self, index: int, rng: np.random.Generator) -> None:
        """Send event number ``index``, drawn from ``rng``, then let the event loop run a little."""
        self.index = self.log.index = index  # a failure before the event is logged still counts as this one
        action = self.actions[int(rng.choice(len(self.actions), p=self._p))][1]
        popup_draw = rng.random()
        if QApplication.activePopupWidget() is not None and popup_draw < 0.7:
            action = self.popup  # an open menu or list is what a person deals with first
        try:
            action(rng)
        except NotSentError as why:
            self.log.note(f"      not sent: {why}")
        except Exception as exc:  # noqa: BLE001 - a fault of the monkey itself, told apart from the app's
            self.guard.fail("monkey", f"the monkey failed in {action.__name__}: {type(exc).__name__}: {exc}",
                            "".join(traceback.format_exception(exc)))
        wait(int(rng.integers(0, 40)))

    def say(self, text: str) -> None:
        """Log the event about to be sent."""
        self.log.event(self.index, text)

    def _widgets(self, cls, exclude=()) -> list:
        found = [w for w in self.window.findChildren(cls) if visible(w)]
        return [w for w in found if not isinstance(w.parent(), exclude)] if exclude else found

    # --- the network graph -----------------------------------------------------------------------

    def _graph_target(self, rng: np.random.Generator, kinds: str = "wbz") -> tuple[QPoint, str]:
        view = self.window.network_view
        names = [n for n in graph_names(view.snapshot) if n[0] in kinds] if view.snapshot is not None else []
        if names and rng.random() < 0.75:
            name = pick(rng, names)
            jitter = QPoint(*(int(v) for v in rng.integers(-2, 3, 2)))
            try:
                return view.anchor(name) + jitter, name
            except Exception as exc:  # noqa: BLE001 - the app's own answer to "where is it?"
                self.guard.fail("exception", f"network_view.anchor({name!r}) raised {type(exc).__name__}: {exc}",
                                "".join(traceback.format_exception(exc)))
        p = point_in(rng, view.viewport())
        return p, f"({p.x()}, {p.y()})"

    def graph_hover(self, rng):
        p, what = self._graph_target(rng)
        rest = pick(rng, [0, 0, 30, 100, 300, 700])
        self.say(f"graph: rest the pointer on {what} for {rest} ms")
        self.hands.move(self.window.network_view.viewport(), p)
        wait(rest)

    def graph_click(self, rng):
        p, what = self._graph_target(rng)
        mods = pick(rng, [NO_MOD, NO_MOD, CTRL, CTRL, SHIFT])
        self.say(f"graph: click {what}{_mods(mods)}")
        self.hands.click(self.window.network_view.viewport(), p, mods=mods)

    def graph_double_click(self, rng):
        p, what = self._graph_target(rng, kinds="wb")
        self.say(f"graph: double-click {what}")
        self.hands.double_click(self.window.network_view.viewport(), p)

    def graph_wheel(self, rng):
        p, what = self._graph_target(rng)
        notches = int(pick(rng, [-3, -1, 1, 2, 5]))
        self.say(f"graph: wheel {notches:+d} at {what}")
        self.hands.wheel(self.window.network_view.viewport(), p, notches)

    def graph_drag(self, rng):
        viewport = self.window.network_view.viewport()
        p0, p1, button = point_in(rng, viewport), point_in(rng, viewport), pick(rng, [LEFT, LEFT, RIGHT])
        self.say(f"graph: drag {_button(button)} from ({p0.x()}, {p0.y()}) to ({p1.x()}, {p1.y()})")
        self.hands.drag(viewport, p0, p1, button)

    # --- fields and controls -----------------------------------------------------------------------

    def edit_text(self, rng):
        edits = self._widgets(QLineEdit, exclude=(QAbstractSpinBox, QComboBox))
        if not edits:
            return self.key(rng)
        edit = pick(rng, edits)
        text = self._text_for(rng, edit)
        how = pick(rng, ["click", "click", "double-click"])
        end = pick(rng, ["Enter", "Enter", "Enter", "Tab", "Escape", "nothing"])
        self.say(f"field {name_of(edit)}: {how}, select all, type {text!r}, then {end}")
        p = edit.rect().center()
        self.hands.double_click(edit, p) if how == "double-click" else self.hands.click(edit, p)
        self.hands.key(K.Key_A, CTRL)
        self.hands.type(text)
        if end != "nothing":
            self.hands.key({"Enter": K.Key_Return, "Tab": K.Key_Tab, "Escape": K.Key_Escape}[end])

    def _text_for(self, rng, edit: QLineEdit) -> str:
        if edit.objectName() == "selectEdit":
            snap = self.window.network_view.snapshot
            names = graph_names(snap) if snap is not None else []
            return pick(rng, names) if names and rng.random() < 0.7 else pick(rng, NAMES_BAD)
        return pick(rng, TEXTS.get(edit.objectName(), GENERIC))

    def combo(self, rng):
        boxes = self._widgets(QComboBox)
        if not boxes:
            return self.key(rng)
        box, how = pick(rng, boxes), pick(rng, ["wheel", "keys", "keys", "popup"])
        notches = int(pick(rng, [-2, -1, 1, 1, 2, 3]))
        self.say(f"combo {name_of(box)}: {how} {notches:+d}")
        p = box.rect().center()
        if how == "wheel":
            self.hands.wheel(box, p, notches)
        elif how == "keys":
            self.hands.click(box, p)  # opens the list; Escape closes it, the focus stays on the box
            self.hands.key(K.Key_Escape)
            for _ in range(abs(notches)):
                self.hands.key(K.Key_Down if notches > 0 else K.Key_Up)
        else:
            self.hands.click(box, p)
            for _ in range(abs(notches)):
                self.hands.key(K.Key_Down if notches > 0 else K.Key_Up)
            self.hands.key(pick(rng, [K.Key_Return, K.Key_Return, K.Key_Escape]))

    def checkbox(self, rng):
        boxes = self._widgets(QCheckBox)
        if boxes:
            box = pick(rng, boxes)
            self.say(f"check box {name_of(box)}: click")
            self.hands.click(box, QPoint(8, box.height() // 2))

    def spin(self, rng):
        spins = self._widgets(QAbstractSpinBox)
        if not spins:
            return self.key(rng)
        spin, how = pick(rng, spins), pick(rng, ["type", "type", "wheel", "arrows"])
        p = spin.rect().center()
        if how == "type":
            text, end = pick(rng, SPINS.get(spin.objectName(), GENERIC)), pick(rng, ["Enter", "Tab"])
            self.say(f"spin box {name_of(spin)}: click, select all, type {text!r}, then {end}")
            self.hands.click(spin, p)
            self.hands.key(K.Key_A, CTRL)
            self.hands.type(text)
            self.hands.key(K.Key_Return if end == "Enter" else K.Key_Tab)
        else:
            notches = int(pick(rng, [-3, -1, 1, 2]))
            self.say(f"spin box {name_of(spin)}: {how} {notches:+d}")
            if how == "wheel":
                self.hands.wheel(spin, p, notches)
            else:
                self.hands.click(spin, p)
                for _ in range(abs(notches)):
                    self.hands.key(K.Key_Up if notches > 0 else K.Key_Down)

    def button(self, rng):
        buttons = [b for b in self._widgets(QAbstractButton) if isinstance(b, QPushButton | QToolButton)]
        buttons = [b for b in buttons if not isinstance(b.parent(), QToolBar)]  # the toolbar has its own action
        if buttons:
            button = pick(rng, buttons)
            self.say(f"button {name_of(button)} {button.text()!r}: click")
            self.hands.click(button, button.rect().center())

    def toolbar(self, rng):
        w = self.window
        action = pick(rng, [w.action_play] * 3 + [w.action_step] * 3 + [w.action_reset, w.action_restart])
        button = self.quiet.play_button().parent().widgetForAction(action)
        self.say(f"toolbar: click {action.text()!r}")
        self.hands.click(button, button.rect().center())

    def tab(self, rng):
        tabs = self._widgets(QTabWidget)
        if tabs:
            widget = pick(rng, tabs)
            k = int(rng.integers(widget.count()))
            self.say(f"tabs {name_of(widget)}: click tab {widget.tabText(k)!r}")
            bar = widget.tabBar()
            self.hands.click(bar, bar.tabRect(k).center())

    def slider(self, rng):
        sliders = self._widgets(QSlider)
        if not sliders:
            return self.key(rng)
        slider, how = pick(rng, sliders), pick(rng, ["drag", "drag", "click", "keys"])
        span = max(slider.maximum() - slider.minimum(), 1)
        handle = QPoint(int(8 + (slider.width() - 16) * (slider.value() - slider.minimum()) / span),
                        slider.height() // 2)
        target = QPoint(int(rng.integers(0, slider.width())), slider.height() // 2)
        if how == "drag":
            self.say(f"slider {name_of(slider)}: drag its handle from x={handle.x()} to x={target.x()}")
            self.hands.drag(slider, handle, target, steps=int(rng.integers(2, 10)), pause=15)
        elif how == "click":
            self.say(f"slider {name_of(slider)}: click x={target.x()}")
            self.hands.click(slider, target)
        else:
            key = pick(rng, [K.Key_Left, K.Key_Right, K.Key_PageUp, K.Key_PageDown, K.Key_Home, K.Key_End])
            self.say(f"slider {name_of(slider)}: click its handle, press {key.name}")
            self.hands.click(slider, handle)
            self.hands.key(key)

    # --- plots and lists ---------------------------------------------------------------------------

    def plot(self, rng):
        views = [v for v in self._widgets(QGraphicsView) if v is not self.window.network_view]
        if not views:
            return self.key(rng)
        view = pick(rng, views)
        target, p, how = view.viewport(), point_in(rng, view.viewport()), pick(
            rng, ["hover", "hover", "wheel", "drag", "right-drag", "double-click", "click", "right-click"])
        where = f"plot {name_of(view)}: {how} at ({p.x()}, {p.y()})"
        if how == "hover":
            rest = pick(rng, [0, 100, 400])
            self.say(f"{where} for {rest} ms")
            self.hands.move(target, p)
            wait(rest)
        elif how == "wheel":
            notches = int(pick(rng, [-3, -1, 1, 3]))
            self.say(f"{where} {notches:+d}")
            self.hands.wheel(target, p, notches)
        elif how.endswith("drag"):
            end = point_in(rng, target)
            self.say(f"{where} to ({end.x()}, {end.y()})")
            self.hands.drag(target, p, end, RIGHT if how == "right-drag" else LEFT)
        else:
            self.say(where)
            if how == "double-click":
                self.hands.double_click(target, p)
            else:
                self.hands.click(target, p, RIGHT if how == "right-click" else LEFT)

    def item_view(self, rng):
        views = [v for v in self._widgets(QAbstractItemView) if v.model() is not None and v.model().rowCount() > 0]
        if not views:
            return self.key(rng)
        view = pick(rng, views)
        how, rows = pick(rng, ["hover", "hover", "click", "double-click", "wheel"]), view.model().rowCount()
        row = int(rng.integers(rows))
        rect = view.visualRect(view.model().index(row, 0))
        p = rect.center() if view.viewport().rect().contains(rect.center()) else point_in(rng, view.viewport())
        self.say(f"list {name_of(view)}: {how} row {row} at ({p.x()}, {p.y()})")
        if how == "hover":  # along a few rows, then away (the graph shows one path, then all again)
            for dy in range(0, 5 * max(rect.height(), 8), max(rect.height(), 8)):
                self.hands.move(view.viewport(), p + QPoint(0, dy))
                wait(30)
        elif how == "wheel":
            self.hands.wheel(view.viewport(), p, int(pick(rng, [-2, 2])))
        elif how == "click":
            self.hands.click(view.viewport(), p)
        else:
            self.hands.double_click(view.viewport(), p)

    # --- keys, menus, popups -------------------------------------------------------------------------

    def key(self, rng):
        key, mods = pick(rng, KEYS)
        focus = QApplication.focusWidget()
        self.say(f"key {_mods(mods, prefix='')}{key.name[4:]} (focus: {name_of(focus) if focus else None})")
        self.hands.key(key, mods, main=self.window)

    def type_junk(self, rng):
        text = "".join(pick(rng, list("0123456789.,-e abxyz:")) for _ in range(int(rng.integers(1, 5))))
        focus = QApplication.focusWidget()
        self.say(f"type {text!r} (focus: {name_of(focus) if focus else None})")
        self.hands.type(text, main=self.window)

    def menu(self, rng):
        bar = self.window.menuBar()
        action = pick(rng, [a for a in bar.actions() if a.isVisible()])
        self.say(f"menu bar: click {action.text()!r}")
        self.hands.click(bar, bar.actionGeometry(action).center())

    def popup(self, rng):
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu):
            actions = [a for a in popup.actions() if a.isVisible() and a.isEnabled() and not a.isSeparator()
                       and a.objectName() != "actionQuit"]  # quitting would end the run
            if actions and rng.random() < 0.7:
                action = pick(rng, actions)
                self.say(f"menu: click {action.text()!r}")
                return self.hands.click(popup, popup.actionGeometry(action).center())
        elif popup is not None and rng.random() < 0.6:
            key = pick(rng, [K.Key_Down, K.Key_Up, K.Key_Return])
            self.say(f"popup {name_of(popup)}: press {key.name[4:]}")
            return self.hands.key(key)
        self.say(f"popup {name_of(popup) if popup else None}: Escape")
        self.hands.key(K.Key_Escape)

    # --- the study ----------------------------------------------------------------------------------

    def study(self, rng):
        dialog = self.window.study_dialog
        runs, then = pick(rng, SPINS["studyRuns"]), pick(rng, ["Cancel", "Escape", "wait", "leave"])
        waited = int(pick(rng, [0, 100, 300, 1000]))
        self.say(f"study: {runs} runs, Run, after {waited} ms {then}")
        if dialog is None or not dialog.isVisible():
            self.log.note("      menu: Training ▸ Convergence study…")
            bar = self.window.menuBar()
            training = next(a for a in bar.actions() if "Training" in a.text())
            self.hands.click(bar, bar.actionGeometry(training).center())
            wait(50)
            menu, action = QApplication.activePopupWidget(), self.window.findChild(QAction, "actionStudy")
            if not isinstance(menu, QMenu) or action not in menu.actions():
                return self.guard.fail("monkey", "the Training menu did not open with its study item")
            self.hands.click(menu, menu.actionGeometry(action).center())
            wait(100)
            dialog = self.window.study_dialog
        spin, run = dialog.findChild(QAbstractSpinBox, "studyRuns"), dialog.findChild(QPushButton, "studyRun")
        self.hands.click(spin, spin.rect().center())
        self.hands.key(K.Key_A, CTRL)
        self.hands.type(runs)
        self.hands.key(K.Key_Return)
        self.hands.click(run, run.rect().center())
        wait(waited)
        if then == "Cancel":
            cancel = dialog.findChild(QPushButton, "studyCancel")
            self.hands.click(cancel, cancel.rect().center())
        elif then == "Escape":
            self.hands.key(K.Key_Escape, main=dialog)
        elif then == "wait":
            wait(1000)

    # --- pauses, sweeps, stray clicks, checks ----------------------------------------------------------

    def rest(self, rng):
        ms = int(pick(rng, [50, 150, 400, 1000]))
        self.say(f"rest {ms} ms")
        wait(ms)

    def sweep(self, rng):
        w = self.window
        step = int(pick(rng, [50, 80, 120]))
        self.say(f"sweep the pointer over the whole window, every {step} px")
        for y in range(10, w.height() - 5, step):
            for x in range(10, w.width() - 5, step):
                self.hands.move(w, QPoint(x, y))
            wait(5)

    def click_anywhere(self, rng):
        p, button = point_in(rng, self.window), pick(rng, [LEFT, LEFT, LEFT, RIGHT])
        mods = pick(rng, [NO_MOD, NO_MOD, NO_MOD, CTRL])
        under = self.window.childAt(p)
        self.say(f"{_button(button)} click{_mods(mods)} at ({p.x()}, {p.y()}) on {name_of(under) if under else None}")
        self.hands.click(self.window, p, button, mods)

    def wheel_anywhere(self, rng):
        p, notches = point_in(rng, self.window), int(pick(rng, [-3, -1, 1, 3]))
        under = self.window.childAt(p)
        self.say(f"wheel {notches:+d} at ({p.x()}, {p.y()}) on {name_of(under) if under else None}")
        self.hands.wheel(self.window, p, notches)

    def splitter(self, rng):
        """Drag a splitter's handle, sometimes all the way to an end (a pane squeezed to nothing)."""
        handles = self._widgets(QSplitterHandle)
        if not handles:
            return self.key(rng)
        handle = pick(rng, handles)
        vertical = handle.orientation() == Qt.Orientation.Vertical
        shift = int(pick(rng, [-2000, -200, -40, 40, 200, 2000]))
        start = handle.rect().center()
        end = start + (QPoint(0, shift) if vertical else QPoint(shift, 0))
        top = handle.window()
        end = handle.mapFrom(top, _clamp(handle.mapTo(top, end), top.rect().adjusted(1, 1, -1, -1)))
        self.say(f"splitter handle {name_of(handle.splitter())} {handle.splitter().indexOf(handle)}: "
                 f"drag {'down' if vertical else 'right'} by {shift} px")
        self.hands.drag(handle, start, end, steps=4)

    def check(self, rng):
        """Pause, wait for quiet, compare the views with the snapshot; then maybe play on."""
        self.say("pause and check the views against the snapshot")
        self.verify()
        if rng.random() < 0.5:
            button = self.quiet.play_button()
            self.log.note("      play on")
            self.hands.click(button, button.rect().center())

    def verify(self) -> None:
        """Bring the app to rest and record every disagreement."""
        why = self.quiet.settle()
        if why is not None:
            self.guard.fail("quiet", why)
            return
        for problem in check_views(self.window):
            self.guard.fail("disagreement", problem)


def _clamp(p: QPoint, rect) -> QPoint:
    return QPoint(min(max(p.x(), rect.left()), rect.right()), min(max(p.y(), rect.top()), rect.bottom()))


def _mods(mods, prefix: str = " with ") -> str:
    names = [n for flag, n in ((CTRL, "Ctrl"), (SHIFT, "Shift")) if mods & flag]
    return f"{prefix}{'+'.join(names)}{'+' if not prefix else ''}" if names else ""


def _button(button) -> str:
    return "left" if button == LEFT else "right"
