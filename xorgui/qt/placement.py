"""Where the main window goes: sized to the screen it opens on, and kept on a screen when restored.

A window manager adds a title bar and borders around the window only once
it is shown, so until then the window keeps room for a typical frame.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

PREFERRED = QSize(1440, 860)
FRAME = QMargins(8, 40, 8, 8)  # room for a title bar and borders: left, top, right, bottom


def screen_for_new_window() -> QScreen:
    """Return the screen under the pointer (where window managers open new windows), else the primary one."""
    return QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()


def first_geometry(available: QRect, minimum: QSize, preferred: QSize = PREFERRED) -> QRect:
    """Return the window's first geometry (without its frame): at most ``preferred``, centred in ``available``.

    Parameters
    ----------
    available : QRect
        The screen's available geometry (without panels and docks).
    minimum : QSize
        The window's minimum size; it wins over a screen too small for it.
    preferred : QSize
        The size on a screen with room to spare.
    """
    room = available.marginsRemoved(FRAME)
    size = preferred.boundedTo(room.size()).expandedTo(minimum)
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(room.center())
    return rect


def fitted_geometry(geometry: QRect, available: QRect, minimum: QSize) -> QRect:
    """Return ``geometry`` (without frame) shrunk to the available room and moved into it; unchanged if it fits."""
    room = available.marginsRemoved(FRAME)
    if room.contains(geometry):
        return QRect(geometry)
    rect = QRect(geometry.topLeft(), geometry.size().boundedTo(room.size()).expandedTo(minimum))
    rect.moveLeft(max(room.left(), min(rect.left(), room.right() + 1 - rect.width())))
    rect.moveTop(max(room.top(), min(rect.top(), room.bottom() + 1 - rect.height())))
    return rect


def nearest_screen(rect: QRect) -> QScreen:
    """Return the screen that shows most of ``rect``; the primary one if none shows any of it."""
    best, area = QGuiApplication.primaryScreen(), 0
    for screen in QGuiApplication.screens():
        part = screen.availableGeometry().intersected(rect)
        if part.width() * part.height() > area:
            best, area = screen, part.width() * part.height()
    return best


def place_new(window: QWidget) -> None:
    """Size and centre a window that has no remembered geometry on the screen it opens on."""
    screen = screen_for_new_window()
    window.setScreen(screen)
    window.setGeometry(first_geometry(screen.availableGeometry(), window.minimumSizeHint()))


def keep_on_screen(window: QWidget) -> None:
    """Bring a (restored) window back onto a screen and shrink it to that screen if it is larger."""
    if window.isMaximized() or window.isFullScreen():
        return  # the window manager fits those to the screen
    screen = nearest_screen(window.geometry())
    fitted = fitted_geometry(window.geometry(), screen.availableGeometry(), window.minimumSizeHint())
    if fitted != window.geometry():
        window.setScreen(screen)
        window.setGeometry(fitted)
