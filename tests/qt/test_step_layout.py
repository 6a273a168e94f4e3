"""The step-through's bar and the exercise dialog on a projector and a monitor: they fit and cut no text."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from tests.qt.test_layout import cut_texts, fits, placed, screen, screen_named, small_panes, type_dims  # noqa: F401

DIMS = ("2,2,1", "2,100,100,100,2")


@pytest.mark.parametrize("dims", DIMS)
def test_the_step_bar_fits_beside_a_useful_graph_whatever_the_network(qtbot, placed, screen, dims):  # noqa: F811
    type_dims(qtbot, placed, dims)
    placed.network_view.setFocus()
    qtbot.keyClick(placed.network_view, Qt.Key.Key_T)
    link = placed.step_link
    qtbot.waitUntil(lambda: link.part is not None)
    for _ in range(3):  # the cost's title, the longest
        qtbot.keyClick(placed.network_view, Qt.Key.Key_Period)
    qtbot.wait(200)
    bar = placed.step_bar
    assert fits(placed, screen) and bar.isVisible()
    problems = small_panes(placed) + cut_texts(bar)
    assert not problems, f"{dims} on {screen.name()}: " + "; ".join(problems)
    for button in (bar.previous, bar.next, bar.play, bar.end, bar.close_button):
        assert bar.rect().contains(button.geometry()), button.objectName()


def test_the_exercise_dialog_fits_the_projector_and_cuts_no_text(qtbot, window):
    projector = screen_named("1280x720")
    window.network_view.setFocus()
    qtbot.keyClick(window.network_view, Qt.Key.Key_X)
    dialog = window.menus.exercise
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.quantity is not None)
    assert projector.availableGeometry().contains(dialog.frameGeometry())
    assert not cut_texts(dialog)
    dialog.close()


def neuron_gaps(view):
    """Return, for each pair of neighbours in a layer, the pixels between their drawn circles (negative: overlap)."""
    from PySide6.QtCore import QPointF

    vb, lay = view.getViewBox(), view.layout_
    centres = [view.mapFromScene(vb.mapViewToScene(QPointF(*p))) for p in lay.nodes]
    sizes = drawn_sizes(view)
    return [abs(centres[k].y() - centres[k + 1].y()) - (sizes[k] + sizes[k + 1]) / 2
            for k in range(len(centres) - 1) if lay.layer_of[k] == lay.layer_of[k + 1]]


@pytest.mark.parametrize("dims", ("2,10,2", "2,12,12,1", "2,5,1"))
def test_the_neurons_of_a_layer_never_overlap_nor_touch_also_beside_the_step_bar(qtbot, placed, screen, dims):  # noqa: F811
    type_dims(qtbot, placed, dims)
    view = placed.network_view
    qtbot.wait(100)
    assert min(neuron_gaps(view)) >= 3, f"{dims} on {screen.name()}: {min(neuron_gaps(view)):.1f} px"
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_T)  # the step bar takes height from the graph
    qtbot.waitUntil(lambda: placed.step_link.part is not None and placed.step_bar.isVisible())
    qtbot.wait(100)
    assert min(neuron_gaps(view)) >= 3, f"{dims} on {screen.name()}, stepping: {min(neuron_gaps(view)):.1f} px"
    assert drawn_sizes(view).min() >= 6


def drawn_sizes(view):
    """Return the diameter, in pixels, each neuron is drawn with."""
    nodes = view.markers.nodes
    sizes = nodes.data["size"]
    return np.where(sizes < 0, nodes.opts["size"], sizes)  # -1: the item's own size


def _rect(view, item):
    return view.mapFromScene(item.mapRectToScene(item.boundingRect())).boundingRect()


def phase_label_problems(view):
    """Return what is wrong with the phase's numbers on view: cut off, over each other, a name or a neuron."""
    from PySide6.QtCore import QPointF, QRectF

    viewport = QRectF(view.viewport().rect())
    numbers = [(item.toPlainText().split("\n")[0], _rect(view, item)) for item in view.phase_labels._pool
               if item.isVisible()]
    names = [(label.item.toPlainText(), _rect(view, label.item).adjusted(4, 4, -4, -4)) for label in view.labels._all
             if label.item.isVisible() and label.item.toPlainText()]  # the names' text, without their margins
    vb, lay = view.getViewBox(), view.layout_
    centres = [QPointF(view.mapFromScene(vb.mapViewToScene(QPointF(*p)))) for p in lay.nodes]
    radius = lay.node_px / 2
    problems = [f"{text!r} cut off" for text, rect in numbers if not viewport.contains(QRectF(rect))]
    for k, (a, ra) in enumerate(numbers):
        inside = ra.adjusted(1, 1, -1, -1)
        problems += [f"{a!r} over {b!r}" for b, rb in numbers[k + 1:] + names if inside.intersects(rb)]
        for m, c in enumerate(centres):
            nearest = QPointF(min(max(c.x(), ra.left()), ra.right()), min(max(c.y(), ra.top()), ra.bottom()))
            if (nearest - c).manhattanLength() < radius - 1:
                problems.append(f"{a!r} over neuron {m}")
    return problems


@pytest.mark.parametrize("dims", ("2,2,1", "2,10,2"))
def test_the_numbers_of_each_phase_lie_in_the_graph_clear_of_each_other_names_and_neurons(qtbot, placed, screen,  # noqa: F811
                                                                                         dims):
    type_dims(qtbot, placed, dims)
    view = placed.network_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_T)
    link = placed.step_link
    qtbot.waitUntil(lambda: link.part is not None and view.shown_phase is not None)
    found = []
    for k in range(len(link.part.walk.phases)):
        qtbot.wait(100)  # text items reach their anchors once the view transform settles
        found += [f"phase {k + 1}: {p}" for p in phase_label_problems(view)]
        qtbot.keyClick(view, Qt.Key.Key_Period)
    assert not found, f"{dims} on {screen.name()}: " + "; ".join(found)


def test_a_dense_network_with_stalled_neurons_rebuilt_smaller_draws_no_fault(qtbot, placed, screen):  # noqa: F811
    type_dims(qtbot, placed, "2,64,64,2")
    view = placed.network_view
    qtbot.waitUntil(lambda: any(f.n == 2 and f.i > 20 for f in view.findings))  # saturated far down layer 2
    type_dims(qtbot, placed, "2,10,2")  # smaller neurons than the layout's: the rings are drawn for the new one
    qtbot.wait(100)
    assert not placed.faults.seen and min(neuron_gaps(view)) >= 3


@pytest.mark.parametrize("dims", ("2,2,1", "2,10,2"))
def test_the_graph_keeps_its_height_from_phase_to_phase(qtbot, placed, screen, dims):  # noqa: F811
    type_dims(qtbot, placed, dims)  # two outputs: the titles name targets such as y = (1, 0), the longest
    view = placed.network_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_T)
    link = placed.step_link
    qtbot.waitUntil(lambda: link.part is not None and view.shown_phase is not None)
    heights = set()
    for _ in range(len(link.part.walk.phases)):
        qtbot.wait(50)
        heights.add(view.height())
        qtbot.keyClick(view, Qt.Key.Key_Period)
    assert len(heights) == 1, f"on {screen.name()} the graph's height jumped between {sorted(heights)} px"
