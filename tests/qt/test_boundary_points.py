"""Points on the boundary map: a click adds one of the picked class, a right-click deletes the nearest."""

import numpy as np
from PySide6.QtCore import QPointF, Qt

from tests.qt.conftest import wait_for
from tests.qt.person import choose


def at(plot, x, y):
    """The widget pixel of the plane's point (x, y)."""
    return plot.mapFromScene(plot.getViewBox().mapViewToScene(QPointF(x, y)))


def test_a_click_adds_a_point_of_the_picked_class_and_a_right_click_deletes_the_nearest(qtbot, window):
    plot = window.boundary_plot
    qtbot.waitUntil(lambda: plot.snapshot is not None)
    choose(qtbot, plot.class_box, "class 1")
    gen = window.snapshot.generation
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=at(plot, 0.5, 0.5))
    snap = wait_for(qtbot, window, lambda s: s.generation > gen)
    assert snap.setup.dataset == "custom" and len(snap.data.X) == 5 and snap.data.Y[-1].tolist() == [1.0]
    assert np.allclose(snap.data.X[-1], [0.5, 0.5], atol=0.05)  # within a pixel or so
    assert snap.data.X[-1].tolist() == [round(v, 2) for v in snap.data.X[-1]]  # to the map's resolution (0.03)
    assert window.data_editor.model.rowCount() == 5  # the editor follows
    qtbot.waitUntil(lambda: plot.snapshot is snap)
    gen = snap.generation
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.RightButton, pos=at(plot, 0.02, 0.98))  # near (0, 1)
    snap = wait_for(qtbot, window, lambda s: s.generation > gen)
    assert len(snap.data.X) == 4 and [0.0, 1.0] not in snap.data.X.tolist()


def test_a_right_click_far_from_every_point_deletes_nothing(qtbot, window):
    plot = window.boundary_plot
    qtbot.waitUntil(lambda: plot.snapshot is not None)
    with qtbot.assertNotEmitted(plot.dataRequested):
        qtbot.mouseClick(plot.viewport(), Qt.MouseButton.RightButton, pos=at(plot, 0.5, 0.5))
    assert window.snapshot.setup.dataset == "xor"
