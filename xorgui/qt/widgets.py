"""Small widget helpers: a name, signals blocked a while, an eliding combo box, a fitted message, a readout, a tip."""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import numpy as np
from PySide6.QtCore import QObject, QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QScrollArea,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QToolTip,
    QWidget,
)

Named = TypeVar("Named", bound=QObject)
READOUT_MS = 3_600_000  # a readout stays while the pointer rests (a tooltip of Qt's own goes after 10 s)
TIP_LINE = 80  # characters: a longer tooltip is wrapped


def tip(text: str) -> str:
    """Return ``text`` as a tooltip that wraps when long (else it runs off a projector's screen).

    Qt wraps only a rich-text tooltip, so a long plain one becomes a paragraph.
    """
    if len(text) <= TIP_LINE or GuiQt.mightBeRichText(text):
        return text
    return f"<p>{html.escape(text, quote=False)}</p>"


def in_scene(view_box: Any, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return where a pyqtgraph view box draws the points (x, y) of its view, in scene pixels.

    The view's map is affine: the origin and two unit steps give it all.
    Points beyond a float's range in pixels come out infinite or NaN.
    """
    o, ex, ey = (view_box.mapViewToScene(QPointF(*p)) for p in ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0)))
    with np.errstate(all="ignore"):
        return (o.x() + x * (ex.x() - o.x()) + y * (ey.x() - o.x()),
                o.y() + x * (ex.y() - o.y()) + y * (ey.y() - o.y()))


def show_readout(at: QPoint, text: str, widget: QWidget) -> None:
    """Show ``text`` in a tooltip at the global point ``at`` for ``widget``, up until the pointer moves on."""
    QToolTip.showText(at, text, widget, QRect(), READOUT_MS)


def named(obj: Named, name: str) -> Named:
    """Return ``obj`` with its object name set to ``name`` (tests and style sheets find widgets by it).

    PySide6 takes ``objectName=`` in any constructor, but its type stubs list
    only each class's own properties, so a type checker refuses it there.
    """
    obj.setObjectName(name)
    return obj


@contextmanager
def signals_blocked(objects: Iterable[QObject]) -> Iterator[None]:
    """Block the signals of ``objects`` inside the block, and restore each one's state however it ends."""
    objects = list(objects)
    before = [o.blockSignals(True) for o in objects]
    try:
        yield
    finally:
        for obj, was in zip(objects, before):
            obj.blockSignals(was)


class ElidingComboBox(QComboBox):
    """A combo box that shows its current text cut with "…" when the box is too narrow for it.

    The list that drops down is wide enough for every entry, and the full
    text is the box's tooltip.
    """

    def __init__(self, parent=None, **kwargs) -> None:
        super().__init__(parent, **kwargs)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(10)

    def shown_text(self) -> str:
        """Return the text as drawn: the current text, elided to the width of the box's text field."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        # the style draws the label a pixel or two inside the field
        return self.fontMetrics().elidedText(self.currentText(), Qt.TextElideMode.ElideRight, field.width() - 4)

    def showPopup(self) -> None:  # noqa: N802 - Qt's name
        """Open the list as wide as its longest entry, even when the box is narrower."""
        view = self.view()
        view.setMinimumWidth(max(view.sizeHintForColumn(0) + 2 * view.frameWidth() + 24, self.width()))
        super().showPopup()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Draw the box as the style does, with the elided text."""
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class MessageArea(QScrollArea):
    """A word-wrapped message as high as its lines, up to ``lines`` of them; a longer one scrolls.

    A scroll area asks for the height its maximum allows: a one-line message
    would take three lines from the table or plot under it.
    """

    def __init__(self, label: QLabel, lines: int = 3) -> None:
        super().__init__(widgetResizable=True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        label.setWordWrap(True)
        self.setWidget(label)
        self._label, self._most = label, lines * label.fontMetrics().lineSpacing() + 6
        self.setMaximumHeight(self._most)

    def sizeHint(self) -> QSize:
        """Return the room the message takes at the area's width (at most ``lines`` lines)."""
        width = max(self.viewport().width(), 50)
        return QSize(super().sizeHint().width(), min(self._label.heightForWidth(width) + 2, self._most))

    def minimumSizeHint(self) -> QSize:
        """Return one line's height: a layout squeezed that far lets the message scroll."""
        return QSize(super().minimumSizeHint().width(), min(self._label.fontMetrics().lineSpacing() + 6, self._most))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Ask the layout again: at another width the message wraps into other lines."""
        super().resizeEvent(event)
        self.updateGeometry()
