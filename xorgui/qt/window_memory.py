"""Freeing a closed window: delete it, then let the cyclic collector see what ``gc.freeze()`` set aside."""

from __future__ import annotations

import gc

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget


def free_on_close(window: QWidget) -> None:
    """Make closing ``window`` delete it and free the Python objects it held.

    A closed top-level window is only hidden, and its Python side lives on
    in cycles the collector cannot see: the lambdas connected to the
    signals of its own children hold the window, and Qt keeps those
    connections as long as the children live. Deleting the window when it
    closes ends them. The objects built with a window are also moved out of
    the collector's sight by ``gc.freeze()`` (``app.create_window`` does it
    to spare the GUI thread full passes over them): once the window is
    gone, they are unfrozen, the garbage is collected, and what still lives
    (another window, say) is frozen again.
    """
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.destroyed.connect(_collect_soon)


def _collect_soon() -> None:
    # Not while Qt is still destroying the window's children: once it is done.
    QTimer.singleShot(0, collect_frozen)


def collect_frozen() -> None:
    """Collect the garbage among frozen objects too, then freeze again what lives (if anything was frozen)."""
    frozen = gc.get_freeze_count() > 0
    gc.unfreeze()
    gc.collect()
    if frozen:
        gc.freeze()
