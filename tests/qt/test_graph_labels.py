"""The graph's labels never cover each other or a neuron, and none is cut off by the view's edge."""

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt

from tests.qt.conftest import wait_for


def label_rects(view):
    """Viewport rectangles of the visible labels (their text as drawn)."""
    rects = []
    for label in view.labels._all:
        item = label.item
        if item.isVisible() and item.toPlainText():
            scene = item.mapRectToScene(item.boundingRect())
            rects.append((item.toPlainText(), view.mapFromScene(scene).boundingRect()))
    return rects


@pytest.mark.parametrize("dims", ["2,2,1", "2,5,1", "2,10,2", "2,12,12,1", "2,64,64,2"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_labels_fit_the_view_and_cover_neither_each_other_nor_a_neuron(qtbot, window, dims, size):
    window.resize(*size)
    edit = window.controls.dims_edit
    edit.setText(dims)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    wait_for(qtbot, window, lambda s: s.dims == tuple(int(d) for d in dims.split(",")))
    view = window.network_view
    qtbot.waitUntil(lambda: view.labels.lay is not None and view.labels.lay.dims == window.snapshot.dims)
    viewport = QRectF(view.viewport().rect())
    qtbot.waitUntil(lambda: all(viewport.contains(QRectF(r)) for _, r in label_rects(view)))  # once laid out
    qtbot.wait(200)  # text items reach their anchors once the view transform settles (pyqtgraph defers it)
    rects = label_rects(view)
    assert rects, "no label shown"
    names = [text for text, _ in rects]
    assert "C" in names
    lay = view.layout_
    for text, rect in rects:
        assert viewport.contains(QRectF(rect)), f"{text!r} is cut off at {rect} (view {viewport})"
    for k, (a, ra) in enumerate(rects):
        for b, rb in rects[k + 1:]:
            assert not ra.adjusted(1, 1, -1, -1).intersects(rb), f"{a!r} and {b!r} overlap"
    for n, i in zip(lay.layer_of, lay.index_of):
        centre = view.anchor(f"z:{n}:{i}") if n else None
        if centre is None:
            continue
        for text, rect in rects:
            assert not rect.adjusted(2, 2, -2, -2).contains(centre), f"{text!r} covers neuron ({n}, {i})"


def wheel(view, pos, steps):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    event = QWheelEvent(QPointF(pos), QPointF(view.viewport().mapToGlobal(pos)), QPoint(0, 0), QPoint(0, 120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)


def test_a_wheel_zoom_keeps_the_labels_beside_their_neurons_and_a_double_click_fits_again(qtbot, window):
    view = window.network_view
    before = view.getViewBox().viewRange()
    name = next(label for label in view.labels.names if label.n == 1 and label.i == 0)
    centre = view.anchor("z:1:0")
    wheel(view, centre, 3)
    qtbot.waitUntil(lambda: view.getViewBox().viewRange() != before)
    assert not view.fitted
    rect = view.mapFromScene(name.item.mapRectToScene(name.item.boundingRect())).boundingRect()
    moved = view.anchor("z:1:0")
    assert abs(rect.center().x() - moved.x()) <= 2  # still centred over its neuron
    gap = moved.y() - rect.bottom()
    assert 0 <= gap <= view.layout_.node_px / 2 + 4  # just above it, in pixels, whatever the zoom
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.viewport().rect().topLeft() + QPoint(3, 3))
    qtbot.waitUntil(lambda: view.fitted)
    assert view.getViewBox().viewRange() == before
