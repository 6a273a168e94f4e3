"""Real input, as a person gives it: every event goes to a top-level window and Qt finds the widget under it.

Mouse and keys are sent to the window (``QWindow``) through QTest, which
hands them to Qt as the platform would: the widget under the pointer (or a
popup, or a modal dialog) gets them, shortcuts are matched, hover and focus
follow. Nothing here calls a handler of the app.
"""

from __future__ import annotations

import functools
import time

import shiboken6
from PySide6.QtCore import QEventLoop, QPoint, QPointF, QRect, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

NO_MOD = Qt.KeyboardModifier.NoModifier
LEFT, RIGHT = Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton


class NotSentError(Exception):
    """An event a person could not give: its window has gone (a popup closed), or its point is off the screen."""


def wait(ms: int) -> None:
    """Run the event loop for ``ms`` milliseconds.

    Not QTest.qWait: PySide keeps the GIL through it, so the worker thread
    could not read a single snapshot until it returned.
    """
    loop = QEventLoop()
    QTimer.singleShot(max(0, int(ms)), loop.quit)
    loop.exec()


def visible(widget: QWidget) -> bool:
    """True if some of the widget can be seen (shown, not clipped away by its parents, not disabled)."""
    return widget.isVisible() and widget.isEnabled() and not widget.visibleRegion().isEmpty()


def _sends(method):
    """Mark a method that sends events: while it runs, ``Hands.since`` says since when."""

    @functools.wraps(method)
    def sending(*args, **kwargs):
        outer = Hands.since is None
        if outer:
            Hands.since = time.monotonic()
        try:
            return method(*args, **kwargs)
        finally:
            if outer:
                Hands.since = None

    return sending


class Hands:
    """Mouse and keyboard.

    ``since`` is when the event being sent was sent (None between events):
    an event that opens a context menu does not return until the menu
    closes (the menu runs an event loop of its own), and the guard closes
    such a menu when it has blocked the sender for a while.
    """

    since: float | None = None

    @staticmethod
    def blocked_for() -> float:
        """Seconds the event being sent has not returned (0 between events)."""
        return 0.0 if Hands.since is None else time.monotonic() - Hands.since

    def _window(self, widget: QWidget, pos: QPoint):
        top = widget.window()
        # A click on a window makes it the active one (a window manager's job;
        # there is none here). Not while a popup is open: the click closes it.
        if QApplication.activePopupWidget() is None and QApplication.activeWindow() is not top:
            top.activateWindow()
            wait(0)
        handle = top.windowHandle()
        if handle is None or not shiboken6.isValid(handle):  # a popup that closed meanwhile
            raise NotSentError(f"{type(top).__name__} {top.objectName()!r} has no window any more")
        p = widget.mapTo(top, pos)
        screen = top.screen().geometry()
        # the platform's window may be smaller than the widget (one grown past the screen)
        inside = QRect(QPoint(0, 0), handle.size()).contains(p) and top.rect().contains(p)
        if not inside or not screen.contains(top.mapToGlobal(p)):
            raise NotSentError(f"({p.x()}, {p.y()}) of {top.objectName() or type(top).__name__} is off the window "
                          f"or the screen")
        return handle, p

    @_sends
    def move(self, widget: QWidget, pos: QPoint) -> None:
        """Move the pointer to ``pos`` of ``widget``."""
        handle, p = self._window(widget, pos)
        QTest.mouseMove(handle, p)

    @_sends
    def click(self, widget: QWidget, pos: QPoint, button=LEFT, mods=NO_MOD) -> None:
        """Move there, press and release."""
        handle, p = self._window(widget, pos)
        QTest.mouseMove(handle, p)
        QTest.mouseClick(handle, button, mods, p)

    @_sends
    def double_click(self, widget: QWidget, pos: QPoint, mods=NO_MOD) -> None:
        """Move there and double-click with the left button."""
        handle, p = self._window(widget, pos)
        QTest.mouseMove(handle, p)
        QTest.mouseDClick(handle, LEFT, mods, p)

    @_sends
    def wheel(self, widget: QWidget, pos: QPoint, notches: int, mods=NO_MOD) -> None:
        """Turn the wheel by ``notches`` (positive: away from the user) with the pointer at ``pos``."""
        handle, p = self._window(widget, pos)
        QTest.mouseMove(handle, p)
        QTest.wheelEvent(handle, QPointF(p), QPoint(0, 120 * notches), QPoint(0, 0), mods)

    @_sends
    def drag(self, widget: QWidget, start: QPoint, end: QPoint, button=LEFT, steps: int = 6, pause: int = 10) -> None:
        """Press at ``start``, move in ``steps`` to ``end`` (letting the event loop run), release."""
        handle, p0 = self._window(widget, start)
        _, p1 = self._window(widget, end)
        QTest.mouseMove(handle, p0)
        QTest.mousePress(handle, button, NO_MOD, p0)
        for k in range(1, steps + 1):
            QTest.mouseMove(handle, p0 + (p1 - p0) * (k / steps))
            wait(pause)
        QTest.mouseRelease(handle, button, NO_MOD, p1)

    @_sends
    def key(self, key: Qt.Key, mods=NO_MOD, main: QWidget | None = None) -> None:
        """Press a key: it goes where the keyboard focus is (an open popup first), shortcuts included."""
        self._to_focus(main, lambda target: QTest.keyClick(target, key, mods))

    @_sends
    def type(self, text: str, main: QWidget | None = None) -> None:
        """Type ``text`` where the keyboard focus is."""
        for ch in text:  # one at a time: Enter or Tab typed may move the focus
            if ch.isascii() and ch.isprintable():
                self._to_focus(main, lambda target, ch=ch: QTest.keyClicks(target, ch))
            else:  # QTest knows key codes for ASCII only: send the text with an unknown key
                self._to_focus(main, lambda target, ch=ch: QTest.sendKeyEvent(
                    QTest.KeyAction.Click, target, Qt.Key.Key_unknown, ch, NO_MOD))

    @staticmethod
    def _to_focus(main: QWidget | None, send) -> None:
        # Where the platform would deliver a key: QTest sends it there through
        # the shortcut map first, as a key from the keyboard goes. PySide may
        # hand back a wrapper of a widget Qt made (a popup's list) that it
        # takes for deleted: then the next in line takes the key.
        popup = QApplication.activePopupWidget()
        candidates = (popup.focusWidget(), popup) if popup is not None else (
            QApplication.focusWidget(), QApplication.activeWindow(), main)
        for target in candidates:
            if target is None or not shiboken6.isValid(target):
                continue
            try:
                return send(target)
            except RuntimeError as exc:
                if "already deleted" not in str(exc):
                    raise
        raise NotSentError("no widget to take the key")
