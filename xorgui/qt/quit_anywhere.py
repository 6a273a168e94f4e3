"""Quit quits even while a modal dialog (a file dialog, a message box) blocks the window's own keys."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget


class QuitAnywhere(QObject):
    """Watches the application's key presses for Quit while a modal dialog is open.

    A modal dialog takes every key, so the window's Quit shortcut never
    fires while one is open: a person pressing Ctrl+Q in File ▸ Open or in
    the About box saw nothing happen. Then this cancels the dialog and
    closes the window, as Quit does.
    """

    def __init__(self, window: QWidget, keys: list[QKeySequence]) -> None:
        super().__init__(window)
        self._window, self._keys = window, keys
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # removed by Qt when this object goes with its window

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Cancel the modal dialog and close the window on Quit; let every other event through."""
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        modal = QApplication.activeModalWidget()
        if modal is None or modal is self._window or QKeySequence(event.keyCombination()) not in self._keys:
            return False
        modal.close()  # a dialog closed is cancelled; its own event loop ends
        QTimer.singleShot(0, self._window, self._window.close)
        return True
