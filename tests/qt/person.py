"""Acting on the window as a person does: keys into fields, choices in combo boxes, the pointer on the graph."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QToolTip


def choose(qtbot, combo, text):
    """Pick ``text`` in a combo box with the keyboard (which emits ``activated``, as a mouse choice does)."""
    combo.setFocus()
    target = combo.findText(text)
    assert target >= 0, f"{text!r} is not in {combo.objectName()}"
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)


def choose_in_list(qtbot, combo, text):
    """Pick ``text`` in a combo box by opening its list, moving to the entry and pressing Enter (one ``activated``)."""
    target = combo.findText(text)
    assert target >= 0, f"{text!r} is not in {combo.objectName()}"
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    while view.currentIndex().row() != target:
        qtbot.keyClick(view, Qt.Key.Key_Down if view.currentIndex().row() < target else Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible())


def type_into(qtbot, field, text):
    """Replace a field's text by typing, then press Enter."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def rest_on(qtbot, view, name):
    """Rest the pointer on a graph item (``w:…``, ``b:…``, ``z:…``) until its tooltip shows; return the tooltip."""
    QToolTip.hideText()  # offscreen, moves sent while a tip shows can be lost
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    qtbot.mouseMove(view.viewport(), view.anchor(name) + QPoint(0, 1))
    qtbot.mouseMove(view.viewport(), view.anchor(name))
    qtbot.waitUntil(lambda: view.hover is not None and view.hover[0] == name and QToolTip.isVisible())
    return QToolTip.text()
