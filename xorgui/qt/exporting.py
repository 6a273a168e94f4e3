"""Writing views and data to files: PNG, SVG, CSV, Markdown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView, QWidget

from xorgui.core.files.access import write_atomic


def exported_part(widget: QWidget) -> QWidget:
    """Return what an export of ``widget`` shows: the part it names with ``export_part()``, or all of it.

    A view with controls of its own (the loss plot's "log scale" box, say)
    names the part that is the picture, so that an image holds only that.
    """
    name_part = getattr(widget, "export_part", None)
    return name_part() if callable(name_part) else widget


def widget_png(widget: QWidget) -> bytes:
    """Return the widget's exported part as it looks now, as PNG bytes."""
    widget = exported_part(widget)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not widget.grab().save(buffer, "PNG"):
        raise OSError("could not encode the image as PNG")
    buffer.close()
    return bytes(data.data())


def widget_svg(widget: QWidget, title: str = "xorgui") -> bytes:
    """Return the widget's exported part drawn as SVG by Qt's own generator.

    pyqtgraph 0.14.0's SVG exporter is broken (its issue #3485); Qt renders
    any widget, plots included, into an SVG painter device as it paints it
    on screen.
    """
    widget = exported_part(widget)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(widget.width(), widget.height()))
    generator.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    generator.setTitle(title)
    painter = QPainter(generator)
    items = _export_items(widget)
    for item in items:  # scatter symbols are drawn as shapes, not as fragments of a pixmap atlas
        item.setExportMode(True, {"painter": painter, "antialias": True})
    try:
        QWidget.render(widget, painter, QPoint(0, 0))  # the widget way, also for graphics views
    finally:
        for item in items:
            item.setExportMode(False)
        painter.end()
    buffer.close()
    return bytes(data.data())


def _export_items(widget: QWidget) -> list:
    views = [widget] if isinstance(widget, QGraphicsView) else []
    views += widget.findChildren(QGraphicsView)
    return [item for view in views for item in view.scene().items() if hasattr(item, "setExportMode")]


def export_widget(widget: QWidget, path: str) -> None:
    """Write a widget to ``path`` atomically: SVG for a ``.svg`` name, PNG otherwise."""
    svg = Path(path).suffix.lower() == ".svg"
    write_atomic(path, widget_svg(widget) if svg else widget_png(widget))
