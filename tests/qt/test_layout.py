"""The window on real screens: it fits, no pane is squeezed to nothing, no text is cut.

The tests run on Qt's offscreen platform given two screens (tests/conftest.py):
a 1280×720 projector and a 1920×1080 monitor. A new window opens on the
screen under the pointer, as window managers place it.
"""

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QTableWidget,
    QToolTip,
    QWidget,
)

from tests.qt.conftest import close_window, open_window, wait_for
from xorgui.app import create_window
from xorgui.qt.widgets import ElidingComboBox

SCREENS = ("1280x720", "1920x1080")
DIMS = ("2,2,1", "2,10,2", "2,64,64,2", "2,100,100,100,2")
# what a person needs to read each pane: a small network, a curve, a worked example's lines, the panel
USEFUL = {"networkView": QSize(280, 160), "lossPlot": QSize(220, 190), "sideTabs": QSize(220, 190),
          "inspector": QSize(290, 300), "controlsScroll": QSize(250, 200)}


def screen_named(name):
    screen = next((s for s in QGuiApplication.screens() if s.name() == name), None)
    if screen is None:
        pytest.skip(f"no {name} screen: run on the offscreen platform tests/conftest.py configures")
    return screen


@pytest.fixture(params=SCREENS)
def screen(request):
    screen = screen_named(request.param)
    QCursor.setPos(screen.geometry().center())  # the next window opens on this screen
    yield screen
    QCursor.setPos(QGuiApplication.primaryScreen().geometry().center())


@pytest.fixture
def placed(qtbot, settings, screen):
    w = open_window(qtbot, settings)
    yield w
    close_window(w)


# --- what the checks measure -----------------------------------------------------------------------------


def fits(window, screen):
    return screen.availableGeometry().contains(window.frameGeometry())


def pane(window, name):
    return window.findChild(QWidget, name)


def small_panes(window):
    """Return the panes narrower or lower than a person needs, as 'name w×h < w×h'."""
    found = []
    for name, useful in USEFUL.items():
        size = pane(window, name).size()
        if size.width() < useful.width() or size.height() < useful.height():
            found.append(f"{name} {size.width()}×{size.height()} < {useful.width()}×{useful.height()}")
    return found


def shown(widget):
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def inside_scroll(widget, root):
    """Whether ``widget`` lies in a scroll area below ``root`` (there it may be larger than what shows)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, (QComboBox, QLineEdit)):
            return True
        parent = parent.parentWidget()
    return False


def combo_field(combo):
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    return combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo)


def cut_texts(root):
    """Return every text under ``root`` that its widget shows cut, described for the failure message."""
    found = []
    for widget in [root] + root.findChildren(QWidget):
        if shown(widget):
            found += [f"{type(widget).__name__} {widget.objectName() or ''}: {what}" for what in _cut(widget)]
    return found


def _cut(widget):
    fm, width = widget.fontMetrics(), widget.contentsRect().width()
    if isinstance(widget, QLabel) and widget.text():
        if widget.wordWrap():
            if widget.heightForWidth(width) > widget.contentsRect().height():
                yield f"{widget.text()!r} needs {widget.heightForWidth(width)} px of height, has {widget.height()}"
        elif widget.textFormat() == Qt.TextFormat.PlainText or not QtGui.Qt.mightBeRichText(widget.text()):
            if fm.horizontalAdvance(widget.text()) > width:
                yield f"{widget.text()!r} needs {fm.horizontalAdvance(widget.text())} px, has {width}"
        elif widget.minimumSizeHint().width() > widget.width():
            yield f"{widget.text()!r} needs {widget.minimumSizeHint().width()} px, has {widget.width()}"
    elif isinstance(widget, ElidingComboBox):
        shown_text = widget.shown_text()
        if fm.horizontalAdvance(shown_text) > combo_field(widget).width():
            yield f"{shown_text!r} drawn wider than its field"
        if shown_text != widget.currentText() and widget.currentText() not in widget.toolTip():
            yield f"{widget.currentText()!r} elided with no tooltip giving it whole"
    elif isinstance(widget, QComboBox):
        field = combo_field(widget).width()
        for k in range(widget.count()):
            if fm.horizontalAdvance(widget.itemText(k)) > field:
                yield f"item {widget.itemText(k)!r} needs {fm.horizontalAdvance(widget.itemText(k))} px, has {field}"
    elif isinstance(widget, QAbstractButton) and widget.text():
        room = width - (widget.iconSize().width() + 8 if isinstance(widget, QCheckBox) else 8)
        if fm.horizontalAdvance(widget.text().replace("&", "")) > room:
            yield f"{widget.text()!r} needs {fm.horizontalAdvance(widget.text())} px, has {room}"
    elif isinstance(widget, QLineEdit):
        for text in (widget.text(), widget.placeholderText()):
            if text and fm.horizontalAdvance(text) > width - 8:
                yield f"{text!r} needs {fm.horizontalAdvance(text)} px, has {width - 8}"
    elif isinstance(widget, QTabBar):
        for k in range(widget.count()):
            if fm.horizontalAdvance(widget.tabText(k)) > widget.tabRect(k).width() - 8:
                yield f"tab {widget.tabText(k)!r} cut"
    elif isinstance(widget, QTableWidget):
        yield from _cut_headers(widget)


def _cut_headers(table):
    header = table.horizontalHeader()
    margin = 2 * table.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin)
    for k in range(table.columnCount()):
        item = table.horizontalHeaderItem(k)
        text = item.text() if item is not None else ""
        if not text:
            yield f"column {k} has no heading"
        elif header.fontMetrics().horizontalAdvance(text) + margin > header.sectionSize(k):
            yield f"heading {text!r} needs {header.fontMetrics().horizontalAdvance(text) + margin} px, " \
                  f"has {header.sectionSize(k)}"


def cut_plot_titles(window):
    """Return the pyqtgraph titles and axis labels drawn wider than their place."""
    import pyqtgraph as pg

    found = []
    for view in window.findChildren(pg.GraphicsView):
        if not shown(view):
            continue
        owner = view
        while not owner.objectName() and owner.parentWidget() is not None:
            owner = owner.parentWidget()  # the named widget this plot belongs to, for the message
        for item in view.scene().items():
            if isinstance(item, pg.LabelItem) and item.isVisible() and item.text:
                # the text needs its own width, within its place in the layout and within what the view shows
                visible = view.mapToScene(view.viewport().rect()).boundingRect()
                need = item.item.sceneBoundingRect().width()
                room = item.sceneBoundingRect().intersected(visible).width()
                if need > room + 1:
                    found.append(f"{owner.objectName()} title {item.text!r} needs {need:.0f} px, has {room:.0f}")
            if isinstance(item, pg.AxisItem) and item.isVisible() and item.label.isVisible():
                need = item.label.boundingRect().width()
                room = item.boundingRect().height() if item.orientation in ("left", "right") \
                    else item.boundingRect().width()
                if need > room + 1:
                    found.append(f"{owner.objectName()} axis label {item.label.toPlainText()!r} needs {need:.0f} "
                                 f"px, has {room:.0f}")
    return found


def overlapping(root):
    """Return pairs of sibling widgets that overlap, and widgets that stick out of their parent."""
    found = []
    for parent in [root] + root.findChildren(QWidget):
        if not shown(parent) or inside_scroll(parent, root) or isinstance(parent, (QAbstractScrollArea, QComboBox)):
            continue
        kids = [k for k in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                if shown(k) and not k.isWindow() and k.parentWidget().layout() is not None]
        for k in kids:
            if not parent.rect().contains(k.geometry()):
                found.append(f"{_name(k)} sticks out of {_name(parent)}")
        for i, a in enumerate(kids):
            for b in kids[i + 1:]:
                if a.geometry().intersects(b.geometry()):
                    found.append(f"{_name(a)} overlaps {_name(b)}")
    return found


def least_size(widget):
    """The size below which a splitter does not squeeze ``widget``: its minimum size, else its minimum hint."""
    least = widget.minimumSizeHint()
    return QSize(widget.minimumWidth() or least.width(), widget.minimumHeight() or least.height())


def _name(widget):
    return widget.objectName() or type(widget).__name__


def type_dims(qtbot, window, text):
    edit = window.controls.dims_edit
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    dims = tuple(int(d) for d in text.split(","))
    return wait_for(qtbot, window, lambda s: s.dims == dims, timeout=30000)


def click_tab(qtbot, window, index):
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert window.tabs.currentIndex() == index


def drag(qtbot, handle, start, end):
    """Drag ``handle`` from ``start`` to ``end``, points of its splitter (the handle moves under the mouse)."""
    splitter = handle.parentWidget()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=handle.mapFrom(splitter, start))
    for k in range(1, 9):
        qtbot.mouseMove(handle, handle.mapFrom(splitter, start + (end - start) * k / 8))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=handle.mapFrom(splitter, end))


# --- the tests ----------------------------------------------------------------------------------------


def test_the_first_window_fits_the_screen_it_opens_on(placed, screen):
    assert placed.screen() is screen and fits(placed, screen)
    room = screen.availableGeometry()
    if room.width() >= 1600:
        assert placed.size() == QSize(1440, 860)  # the preferred size, when there is room for it
    else:  # a projector: the window takes the screen, short of the frame a window manager adds
        assert placed.width() >= room.width() - 40 and placed.height() >= room.height() - 80
    minimum = placed.minimumSizeHint()
    assert minimum.width() <= 1280 - 200 and minimum.height() <= 720 - 150  # the minimum fits a projector, with room


@pytest.mark.parametrize("dims", DIMS)
def test_every_pane_stays_useful_and_no_text_is_cut_whatever_the_network_and_tab(qtbot, placed, screen, dims):
    type_dims(qtbot, placed, dims)
    placed.network_view.select("w:1:0:0")  # the inspector and the slice have something to show
    problems = []
    for tab in range(placed.tabs.count()):
        click_tab(qtbot, placed, tab)
        qtbot.wait(300)  # the tab's view follows in a pass of its own
        assert fits(placed, screen), f"{placed.frameGeometry()} is not inside {screen.availableGeometry()}"
        found = small_panes(placed) + cut_texts(placed) + cut_plot_titles(placed)
        problems += [f"tab {placed.tabs.tabText(tab)!r}: {p}" for p in found if p not in " ".join(problems)]
    assert not problems, f"{dims} on {screen.name()}:\n" + "\n".join(problems)


def test_at_its_minimum_size_the_window_overlaps_nothing_and_cuts_no_text(qtbot, placed, screen):
    placed.resize(placed.minimumSize())
    qtbot.waitUntil(lambda: placed.size() == placed.minimumSizeHint())
    for tab in range(placed.tabs.count()):
        click_tab(qtbot, placed, tab)
        problems = overlapping(placed) + cut_texts(placed.controls)
        assert not problems, "; ".join(problems)
        sizes = {name: pane(placed, name).size() for name in USEFUL}
        assert sizes["networkView"].height() >= 160 and sizes["lossPlot"].height() >= 190, sizes
        assert sizes["inspector"].width() >= 290 and sizes["controlsScroll"].width() >= 250, sizes


def test_no_splitter_handle_collapses_a_pane_and_every_drag_can_be_undone(qtbot, placed, screen):
    for splitter in placed.findChildren(QSplitter):
        if not splitter.objectName():
            continue  # a splitter inside another's widget
        horizontal = splitter.orientation() == Qt.Orientation.Horizontal
        for k in range(1, splitter.count()):
            handle = splitter.handle(k)
            centre = handle.geometry().center()
            far = QPoint(-3000, centre.y()) if horizontal else QPoint(centre.x(), -3000)
            before = splitter.sizes()
            drag(qtbot, handle, centre, far)  # as far as the mouse goes: the panes before the handle give way
            squeezed = splitter.widget(k - 1)
            assert all(size > 0 for size in splitter.sizes()), (splitter.objectName(), splitter.sizes())
            least = least_size(squeezed)
            assert squeezed.width() >= least.width() > 50 if horizontal else squeezed.height() >= least.height() > 50
            centre = handle.geometry().center()
            back = centre + QPoint(before[k - 1] - splitter.sizes()[k - 1], 0) if horizontal else \
                centre + QPoint(0, before[k - 1] - splitter.sizes()[k - 1])
            drag(qtbot, handle, centre, back)
            assert abs(splitter.sizes()[k - 1] - before[k - 1]) <= 2, (splitter.objectName(), before,
                                                                      splitter.sizes())


def test_a_long_neuron_list_scrolls_instead_of_growing_the_window(qtbot, placed, screen):
    size, graph = placed.size(), placed.network_view.height()
    type_dims(qtbot, placed, "2,64,64,2")
    click_tab(qtbot, placed, 1)  # the truth table lists every neuron: 130 of them
    units = placed.logic_panel.units
    qtbot.waitUntil(lambda: units.rowCount() == 130)
    qtbot.wait(100)  # the layouts settle
    assert placed.size() == size and fits(placed, screen)
    assert placed.network_view.height() == graph
    tabs = pane(placed, "tabsScroll")
    # the last neuron is a scroll away: in the list's own scroll bar, or the tabs'
    assert units.verticalScrollBar().maximum() > 0 or tabs.verticalScrollBar().maximum() > 0


@pytest.mark.parametrize("where", [QRect(5000, 4000, 3000, 2000), QRect(-2500, 100, 1000, 600),
                                   QRect(100, 100, 2500, 1500)], ids=["far-away-and-huge", "left-of-all", "huge"])
def test_a_remembered_geometry_off_or_larger_than_the_screens_is_brought_back(qtbot, settings, where):
    probe = QMainWindow()
    probe.setGeometry(where)
    settings.setValue("geometry", probe.saveGeometry())
    w = open_window(qtbot, settings)
    try:
        screen = w.screen()
        assert fits(w, screen), f"{w.frameGeometry()} is not inside {screen.name()} {screen.availableGeometry()}"
        assert "geometry" not in w.statusBar().currentMessage()  # a saved geometry: nothing to complain about
    finally:
        close_window(w)


def test_the_study_window_fits_the_projector_and_cuts_no_text(qtbot, window):
    screen = screen_named("1280x720")
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.study_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert screen.availableGeometry().contains(dialog.frameGeometry())
    assert not cut_texts(dialog)
    dialog.close()


def test_a_new_window_opens_on_the_screen_under_the_pointer(qtbot, tmp_path):
    for name in SCREENS:
        screen = screen_named(name)
        QCursor.setPos(screen.geometry().center())
        w = create_window(QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat))
        try:
            assert screen.geometry().contains(w.geometry()) and w.screen() is screen
        finally:
            close_window(w)
    QCursor.setPos(QGuiApplication.primaryScreen().geometry().center())


def test_the_panel_scrolls_only_vertically_and_never_cuts_its_fields(qtbot, placed, screen):
    scroll = placed.findChild(QScrollArea, "controlsScroll")
    assert scroll.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert scroll.viewport().width() >= placed.controls.minimumSizeHint().width()


def test_a_long_tooltip_wraps_within_the_projector_and_a_short_one_stays_one_line(qtbot, settings):
    screen = screen_named("1280x720")
    QCursor.setPos(screen.geometry().center())
    w = open_window(qtbot, settings)
    try:
        for box, long in ((w.controls.schedule_box, True), (w.controls.lr_edit, False)):
            QToolTip.hideText()
            qtbot.waitUntil(lambda: not QToolTip.isVisible())
            qtbot.mouseMove(box, box.rect().center() + QPoint(1, 0))
            qtbot.mouseMove(box, box.rect().center())  # a rest: Qt asks the box for its tooltip
            qtbot.waitUntil(QToolTip.isVisible, timeout=3000)
            label = next(t for t in QApplication.topLevelWidgets() if t.objectName() == "qtooltip_label")
            assert screen.geometry().contains(label.frameGeometry())
            assert label.wordWrap() == long and (label.height() > 2 * label.fontMetrics().height()) == long
            assert ("halve η" if long else "Learning rate η") in QToolTip.text()
    finally:
        QToolTip.hideText()
        close_window(w)
        QCursor.setPos(QGuiApplication.primaryScreen().geometry().center())


def test_the_truth_table_shows_every_sample_and_column_with_all_digits_even_on_the_projector(qtbot, placed, screen):
    tabs = placed.tabs
    bar = tabs.tabBar()
    index = next(k for k in range(tabs.count()) if tabs.tabText(k) == "truth table")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    table = placed.logic_panel.table
    qtbot.waitUntil(lambda: table.isVisible() and table.rowCount() == 4)
    qtbot.wait(50)  # the columns are fitted after the first paint
    assert table.samples.digits == 8 and table.horizontalScrollBar().maximum() == 0
    assert table.rowViewportPosition(3) + table.rowHeight(3) <= table.viewport().height()
