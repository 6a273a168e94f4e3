"""Asking where to save: the file dialog, and the suffix of the chosen type added to a name typed without one."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def save_path(parent: QWidget, title: str, name: str, filters: str) -> str:
    """Return the path chosen in a save dialog ('' if cancelled), ending in the chosen type's suffix.

    A name typed without a suffix ("model") gets the one of the type chosen
    (``model.json``), so that the Open dialog, which lists that type, shows
    the file again; if a file of that name exists, the person is asked
    whether to replace it (the dialog asked only about the name typed).
    """
    path, chosen = QFileDialog.getSaveFileName(parent, title, name, filters)
    if not path or Path(path).suffix:
        return path
    suffix = suffix_of(chosen or filters.split(";;")[0])
    if not suffix:
        return path
    full = path + suffix
    if Path(full).exists():
        answer = QMessageBox.question(parent, title, f"{Path(full).name} already exists. Replace it?")
        if answer != QMessageBox.StandardButton.Yes:
            return ""
    return full


def suffix_of(file_type: str) -> str:
    """Return the suffix a file type such as "xorgui models (*.json)" names ('' for "All files (*)")."""
    found = re.search(r"\(\*(\.[A-Za-z0-9]+)", file_type)
    return found.group(1) if found else ""
